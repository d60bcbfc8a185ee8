using Aegis.Core.Evidence;

namespace Aegis.Storage;

/// <summary>An item of a case in the evidence vault, as listed (no bytes, nothing decrypted).</summary>
/// <param name="Id">The vault's id of the item.</param>
/// <param name="CaseId">Its case.</param>
/// <param name="ContentId">The platform's id of the item.</param>
/// <param name="State">Preserved, or still fetching, or missing (the platform was asked to upload it).</param>
/// <param name="MediaType">The bytes' media type, once preserved.</param>
/// <param name="Size">The bytes' length, once preserved.</param>
/// <param name="PreservedAt">When it was preserved.</param>
/// <param name="RetainUntil">It may not be deleted before this time.</param>
/// <param name="Hold">The legal hold on it, if one stands.</param>
/// <param name="KeyId">The master key its data key is wrapped under.</param>
/// <param name="Attempts">Fetches tried.</param>
/// <param name="LastError">Why the last fetch failed.</param>
public sealed record EvidenceItem(
    long Id, long CaseId, string ContentId, EvidenceState State, string? MediaType, long? Size, DateTimeOffset? PreservedAt,
    DateTimeOffset? RetainUntil, EvidenceHold? Hold, string? KeyId, int Attempts, string? LastError);

/// <summary>A legal hold: the item is kept whatever its retention until released.</summary>
public sealed record EvidenceHold(string Reason, string By, DateTimeOffset At);

/// <summary>
/// The sealed envelope stored beside a ciphertext (opaque here: the cipher lives in <c>Aegis.CyberTip</c>): the master
/// key's id, the wrapped data key, the content's nonce and tag, the encrypted metadata.
/// </summary>
public sealed record EvidenceEnvelope(string KeyId, byte[] WrappedKey, byte[] ContentNonce, byte[] ContentTag, byte[] Metadata);

/// <summary>A preserved item's envelope, for reading it or re-wrapping its key.</summary>
public sealed record SealedItem(EvidenceItem Item, EvidenceEnvelope Envelope);

/// <summary>What the store knows of an item when it is preserved, for its metadata.</summary>
/// <param name="EvidenceId">The vault's id of the item.</param>
/// <param name="CaseId">Its case.</param>
/// <param name="Content">The item's record (hashes, uploader, upload time: whatever the gate saw).</param>
/// <param name="Reports">The item's reports.</param>
/// <param name="Matches">The bank matches of the item.</param>
public sealed record EvidenceFacts(long EvidenceId, long CaseId, Core.Content.ContentRecord Content, IReadOnlyList<EvidenceReportFact> Reports, IReadOnlyList<EvidenceMatchFact> Matches);

/// <summary>A report of an item.</summary>
public sealed record EvidenceReportFact(DateTimeOffset ReceivedAt, Core.Reports.ReportCategory Category, Core.Reports.ReportSource Source, string? ReporterId, string? Text);

/// <summary>A bank match of an item.</summary>
public sealed record EvidenceMatchFact(string Bank, long EntryId, string Signal, int Distance);

/// <summary>An item whose bytes are to be fetched from the platform.</summary>
/// <param name="Id">The vault's id of the item.</param>
/// <param name="DueAt">Its due time as read (Unix ms): the claim succeeds only if it is still this.</param>
/// <param name="CaseId">Its case.</param>
/// <param name="ContentId">The platform's id of the item.</param>
/// <param name="Kind">Image, video, or only hashes known (an item never seen by the gate).</param>
/// <param name="Attempts">Fetches tried before.</param>
public sealed record EvidenceFetch(long Id, long DueAt, long CaseId, string ContentId, Core.Content.MediaKind Kind, int Attempts);

/// <summary>How many preserved items are wrapped under a master key.</summary>
public sealed record EvidenceKeyCount(string KeyId, int Items);
