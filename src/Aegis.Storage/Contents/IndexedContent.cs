namespace Aegis.Storage;

/// <summary>What the in-memory content index needs of a recorded item.</summary>
/// <param name="RowId">The item's row (the index key).</param>
/// <param name="Pdq">PDQ hex, if any.</param>
/// <param name="Md5">MD5 hex, if any.</param>
/// <param name="Sha256">SHA-256 hex, if any.</param>
/// <param name="Vpdq">Canonical vPDQ signal, if any.</param>
/// <param name="Verdict">The verdict it got.</param>
/// <param name="BankSequence">The last bank change applied by the node that decided.</param>
public readonly record struct IndexedContent(
    long RowId, string? Pdq, string? Md5, string? Sha256, string? Vpdq, Core.Gate.Verdict Verdict, long BankSequence);
