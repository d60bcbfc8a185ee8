namespace Aegis.Matching.Formats;

/// <summary>A line of a hash list that could not be read; the lines around it are still read.</summary>
/// <param name="Line">The 1-based line number (for a CSV record spanning several lines, the line it starts on).</param>
/// <param name="Reason">What is wrong, e.g. "PDQ hash must be 64 hex characters, got 63".</param>
/// <param name="Text">The offending line, cut to <see cref="MaxTextLength"/> characters.</param>
public sealed record HashListError(long Line, string Reason, string Text)
{
    /// <summary>How much of the offending line <see cref="Text"/> keeps.</summary>
    public const int MaxTextLength = 200;

    /// <summary>"line 7: PDQ hash must be 64 hex characters, got 63".</summary>
    public override string ToString() => $"line {Line}: {Reason}";

    internal static HashListError Create(long line, string reason, ReadOnlySpan<char> text) =>
        new(line, reason, Truncate(text));

    internal static string Truncate(ReadOnlySpan<char> text) =>
        text.Length <= MaxTextLength ? new string(text) : string.Concat(text[..MaxTextLength], "…");
}
