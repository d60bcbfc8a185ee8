namespace Aegis.Core.Cases;

/// <summary>How an item other than its own is tied to a case.</summary>
public enum CaseLinkKind
{
    /// <summary>Reshares the case's item (through parent ids, transitively).</summary>
    Reshare,

    /// <summary>A copy by hash within the cascade's removal distance.</summary>
    Copy,

    /// <summary>A copy by hash beyond the removal distance: held, with a review case of its own.</summary>
    HeldCopy,

    /// <summary>Uploaded by the account the case suspended: held at the gate, with a review case of its own.</summary>
    SuspendedUpload,

    /// <summary>Matched a hash the person shown submitted through the protect page: held at the gate, joining their case.</summary>
    Submitted,
}

/// <summary>An item tied to a case: restricted with it, restored or removed with it.</summary>
/// <param name="ContentId">The item.</param>
/// <param name="Kind">How it is tied.</param>
/// <param name="Distance">For a copy, its PDQ distance to the case's item.</param>
public sealed record CaseLink(string ContentId, CaseLinkKind Kind, int? Distance = null);
