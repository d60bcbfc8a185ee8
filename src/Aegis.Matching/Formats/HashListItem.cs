namespace Aegis.Matching.Formats;

/// <summary>What a reader yields for one entry: a record, or an error for a line that could not be read.</summary>
/// <param name="Line">The 1-based line the entry starts on.</param>
/// <param name="Record">The entry, when the line was read; null for an error.</param>
/// <param name="Error">Why the line was not read; null for a record.</param>
public readonly record struct HashListItem(long Line, HashListRecord? Record, HashListError? Error)
{
    /// <summary>True when this is an error rather than a record.</summary>
    public bool IsError => Error is not null;

    internal static HashListItem Ok(long line, HashListRecord record) => new(line, record, null);

    internal static HashListItem Fail(long line, string reason, ReadOnlySpan<char> text) =>
        new(line, null, HashListError.Create(line, reason, text));
}
