namespace Aegis.Matching.Formats;

/// <summary>Tells which <see cref="HashListFormat"/> a file is in, from its name or its first non-blank line.</summary>
public static class HashListFormatDetector
{
    /// <summary>
    /// The format a file name's extension names (case-insensitive): <c>.csv</c> CSV, <c>.jsonl</c> and
    /// <c>.ndjson</c> JSON lines, <c>.txt</c> python-threatexchange; null for anything else.
    /// </summary>
    public static HashListFormat? FromFileName(string? fileName)
    {
        var extension = Path.GetExtension(fileName.AsSpan());
        return extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? HashListFormat.Csv
            : extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase) ||
              extension.Equals(".ndjson", StringComparison.OrdinalIgnoreCase) ? HashListFormat.JsonLines
            : extension.Equals(".txt", StringComparison.OrdinalIgnoreCase) ? HashListFormat.ThreatExchange
            : null;
    }

    /// <summary>
    /// The format a file's first non-blank line shows: a line starting with <c>{</c> is JSON lines; a line with a
    /// comma, or just the column name <c>hash</c>, is a CSV header; a <c>#</c> comment or anything else is
    /// python-threatexchange. Null for a blank line (look at the next one).
    /// </summary>
    public static HashListFormat? FromFirstLine(ReadOnlySpan<char> line)
    {
        line = line.Trim().TrimStart('\uFEFF');
        if (line.IsEmpty)
        {
            return null;
        }

        if (line[0] == '{')
        {
            return HashListFormat.JsonLines;
        }

        if (line[0] == '#')
        {
            return HashListFormat.ThreatExchange;
        }

        return line.Contains(',') || line.Trim('"').Equals("hash", StringComparison.OrdinalIgnoreCase)
            ? HashListFormat.Csv
            : HashListFormat.ThreatExchange;
    }
}
