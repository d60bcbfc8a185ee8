namespace Aegis.Storage;

/// <summary>What an import did.</summary>
/// <param name="Read">Records read.</param>
/// <param name="Added">Records stored as new entries.</param>
/// <param name="Merged">Records merged as duplicates: the bank (or the input, earlier) already had the same type and value.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record ImportResult(long Read, long Added, long Merged, TimeSpan Elapsed);
