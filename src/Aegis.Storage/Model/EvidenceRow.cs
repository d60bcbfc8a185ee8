using Aegis.Core.Evidence;

namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>evidence</c>: one item of one case in the evidence vault. It exists from the moment the case opens (in the
/// case's transaction) while its bytes are awaited, and is the durable work item of the fetch; once preserved it holds
/// the sealed envelope (key id, wrapped data key, nonce, tag, encrypted metadata) and the ciphertext is in
/// <c>evidence_content</c> or in a file named by <see cref="Id"/>. No plaintext hash or metadata is stored here. Times
/// are Unix milliseconds, so both databases compare them in SQL.
/// </summary>
internal sealed class EvidenceRow
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public long ContentRowId { get; set; }

    public EvidenceState State { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>While <see cref="EvidenceState.Fetching"/>: when the next fetch is due (or a node's claim on it ends); null otherwise.</summary>
    public long? DueAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public string? KeyId { get; set; }

    public byte[]? WrappedKey { get; set; }

    public byte[]? ContentNonce { get; set; }

    public byte[]? ContentTag { get; set; }

    public byte[]? Metadata { get; set; }

    /// <summary>The ciphertext is a file in the vault's folder (else a row of <c>evidence_content</c>).</summary>
    public bool InFolder { get; set; }

    public long? Size { get; set; }

    public string? MediaType { get; set; }

    public long? PreservedAt { get; set; }

    public long? RetainUntil { get; set; }

    public string? HoldReason { get; set; }

    public string? HeldBy { get; set; }

    public long? HeldAt { get; set; }
}
