namespace Aegis.Storage;

/// <summary>What an API key may do.</summary>
public enum ApiKeyRole
{
    /// <summary>The platform's upload path: the gate, hash lookups, match events.</summary>
    Platform,

    /// <summary>Bank curation: create, import, add, disable, export.</summary>
    Curator,

    /// <summary>Everything.</summary>
    Admin,

    /// <summary>Reviews cases: claim and decide (a child-safety dismissal needs a second, senior reviewer).</summary>
    Reviewer,

    /// <summary>A reviewer who may make the second dismissal of a child-safety case.</summary>
    SeniorReviewer,

    /// <summary>Law enforcement or a hotline: the trusted-flagger intake, which outranks everything.</summary>
    TrustedFlagger,

    /// <summary>Another platform's Aegis subscribed to this one's hash feed: reads <c>/v1/feed</c>, nothing else.</summary>
    Subscriber,
}
