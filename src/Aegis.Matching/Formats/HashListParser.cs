using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>Reads one format from a <see cref="LineSource"/>, an item at a time.</summary>
internal abstract class HashListParser
{
    protected HashListParser(LineSource lines, SignalType? defaultType)
    {
        Lines = lines;
        DefaultType = defaultType;
    }

    protected LineSource Lines { get; }

    protected SignalType? DefaultType { get; }

    /// <summary>The next record or error; false at the end of the input.</summary>
    public abstract bool TryReadNext(out HashListItem item);

    public static HashListParser Create(HashListFormat format, LineSource lines, SignalType? defaultType) =>
        format switch
        {
            HashListFormat.ThreatExchange => new ThreatExchangeParser(lines, defaultType),
            HashListFormat.Csv => new CsvParser(lines, defaultType),
            HashListFormat.JsonLines => new JsonLinesParser(lines, defaultType),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown hash-list format."),
        };

    protected HashListItem TooLong() =>
        HashListItem.Fail(
            Lines.LineNumber, $"line is longer than {Lines.MaxLineLength} characters", Lines.TooLongPreview);

    /// <summary>Reuses <paramref name="last"/> when the text is the same, so a column repeated on every row
    /// (a list name, a category) is one string rather than millions.</summary>
    protected static string Reuse(ref string? last, ReadOnlySpan<char> text)
    {
        if (last is not null && text.SequenceEqual(last))
        {
            return last;
        }

        last = new string(text);
        return last;
    }
}
