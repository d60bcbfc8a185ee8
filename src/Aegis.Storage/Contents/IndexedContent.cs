namespace Aegis.Storage;

/// <summary>What the in-memory content index needs of a recorded item.</summary>
public readonly record struct IndexedContent(long RowId, string? Pdq, string? Md5, string? Sha256, string? Vpdq);
