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

    /// <summary>
    /// The gate blocked the upload on a match with a bank of known material: confirmed by the match (the bank, entry and
    /// its source are on the case), never published, ready to be reported. No decision is taken on it.
    /// </summary>
    ConfirmedByMatch,

    /// <summary>Dismissed (by two people for child safety); any restriction is lifted.</summary>
    Dismissed,
}
