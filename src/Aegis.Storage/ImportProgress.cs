namespace Aegis.Storage;

/// <summary>How far an import has got; reported about every 100,000 records and at the end.</summary>
/// <param name="Read">Records read so far.</param>
/// <param name="Added">Records stored as new entries so far.</param>
/// <param name="Merged">Records that duplicated an entry already in the bank (or earlier in the input).</param>
/// <param name="Elapsed">Time since the import started.</param>
public sealed record ImportProgress(long Read, long Added, long Merged, TimeSpan Elapsed);
