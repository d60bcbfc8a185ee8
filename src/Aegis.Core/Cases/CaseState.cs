namespace Aegis.Core.Cases;

/// <summary>Where a case stands.</summary>
public enum CaseState
{
    /// <summary>Waiting for a reviewer.</summary>
    Open,

    /// <summary>A child-safety case one reviewer dismissed: it stays restricted until a second, senior reviewer agrees.</summary>
    AwaitingSecondReview,

    /// <summary>A violation was confirmed; the takedown cascade runs.</summary>
    Confirmed,

    /// <summary>Dismissed (by two people for child safety); any restriction is lifted.</summary>
    Dismissed,
}
