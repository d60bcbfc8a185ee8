namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>evidence_content</c>: the ciphertext of a preserved item kept in the database. A table of its own, so
/// that no query of the vault's rows ever reads a blob; written and read through the provider's streaming APIs, never as
/// an entity (a video's ciphertext is hundreds of megabytes).
/// </summary>
internal sealed class EvidenceContentRow
{
    public long EvidenceId { get; set; }

    public required byte[] Bytes { get; set; }
}
