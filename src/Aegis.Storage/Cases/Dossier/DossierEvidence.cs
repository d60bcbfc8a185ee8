using Aegis.Core.Content;
using Aegis.Core.Evidence;

namespace Aegis.Storage;

/// <summary>An item of a case in the evidence vault, as the case page lists it (no bytes, nothing decrypted).</summary>
/// <param name="Id">The vault's id of the item.</param>
/// <param name="ContentId">The platform's id of the item.</param>
/// <param name="Kind">Image, video or hashes only.</param>
/// <param name="State">Preserved, still fetching, or missing (the platform was asked to upload it).</param>
/// <param name="MediaType">The bytes' media type, once preserved.</param>
/// <param name="Size">The bytes' length, once preserved.</param>
/// <param name="PreservedAt">When it was preserved.</param>
/// <param name="RetainUntil">It may not be deleted before this time.</param>
/// <param name="Hold">The legal hold on it, if one stands.</param>
public sealed record DossierEvidence(
    long Id, string ContentId, MediaKind Kind, EvidenceState State, string? MediaType, long? Size, DateTimeOffset? PreservedAt, DateTimeOffset? RetainUntil,
    EvidenceHold? Hold)
{
    /// <summary>Under a legal hold: kept whatever its retention.</summary>
    public bool Held => Hold is not null;
}
