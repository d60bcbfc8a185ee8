namespace Aegis.Core.Cases;

/// <summary>
/// The standing of whoever reads the queue, a person or an API key: the review roles of the API keys, which Core does not
/// know (the storage maps them).
/// </summary>
public enum ReaderRole
{
    /// <summary>Reviews cases; a child-safety dismissal waits for a second, senior reviewer.</summary>
    Reviewer,

    /// <summary>A reviewer who may make the second dismissal of a child-safety case.</summary>
    SeniorReviewer,

    /// <summary>Keeps the banks; reviews no case.</summary>
    Curator,

    /// <summary>Everything.</summary>
    Admin,
}
