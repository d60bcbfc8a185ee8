namespace Aegis.Matching.Formats;

/// <summary>
/// Splits CSV into records of fields (RFC 4180: fields in double quotes may hold commas, line breaks and doubled
/// quotes). Unquoted fields are trimmed; quoted fields are kept exactly, line breaks included as written. Field text
/// goes into one reused buffer, so a record allocates nothing.
/// </summary>
internal sealed class CsvRecordReader(LineSource lines)
{
    /// <summary>A record (all its lines) longer than this is an error: it bounds what an unclosed quote can swallow.</summary>
    public const int MaxRecordLength = LineSource.DefaultMaxLineLength;

    private char[] _chars = new char[256];
    private int _charCount;
    private CsvField[] _fields = new CsvField[16];
    private readonly char[] _preview = new char[HashListError.MaxTextLength + 1];
    private int _previewLength;

    public enum Result
    {
        Record,
        Error,
        End,
    }

    public int FieldCount { get; private set; }

    /// <summary>The line the record (or error) starts on.</summary>
    public long StartLine { get; private set; }

    /// <summary>Why the last record could not be read, when <see cref="Read"/> gave <see cref="Result.Error"/>.</summary>
    public string ErrorReason { get; private set; } = "";

    /// <summary>The first line of the last record, for errors.</summary>
    public ReadOnlySpan<char> Preview => _preview.AsSpan(0, _previewLength);

    public ReadOnlySpan<char> Field(int index) => _chars.AsSpan(_fields[index].Start, _fields[index].Length);

    /// <summary>Whether the field was in quotes: an empty quoted field is "", an empty unquoted one is no value.</summary>
    public bool IsQuoted(int index) => _fields[index].Quoted;

    /// <summary>Reads the next record, skipping blank lines.</summary>
    public Result Read()
    {
        ReadOnlySpan<char> line;
        do
        {
            if (!lines.TryReadLine(out line))
            {
                return Result.End;
            }

            StartLine = lines.LineNumber;
            if (lines.LastLineTooLong)
            {
                SetPreview(lines.TooLongPreview);
                return Fail($"line is longer than {lines.MaxLineLength} characters");
            }
        }
        while (line.IsWhiteSpace());

        SetPreview(line);
        _charCount = 0;
        FieldCount = 0;
        var pos = 0;
        while (true)
        {
            while (pos < line.Length && IsBlank(line[pos]))
            {
                pos++;
            }

            var start = _charCount;
            if (pos < line.Length && line[pos] == '"')
            {
                pos++;
                while (true)
                {
                    var quote = line[pos..].IndexOf('"');
                    if (quote < 0)
                    {
                        Append(line[pos..]);
                        Append(lines.LastTerminator);
                        if (lines.LastTerminator.Length == 0 || !lines.TryReadLine(out line))
                        {
                            return Fail("unterminated quoted field (no closing '\"' before the end of the file)");
                        }

                        if (lines.LastLineTooLong || _charCount > MaxRecordLength)
                        {
                            return Fail($"unterminated quoted field: no closing '\"' within {MaxRecordLength} " +
                                $"characters (lines {StartLine}-{lines.LineNumber} skipped)");
                        }

                        pos = 0;
                        continue;
                    }

                    Append(line.Slice(pos, quote));
                    pos += quote + 1;
                    if (pos < line.Length && line[pos] == '"')
                    {
                        Append("\"");
                        pos++;
                        continue;
                    }

                    break;
                }

                AddField(start, quoted: true);
                while (pos < line.Length && IsBlank(line[pos]))
                {
                    pos++;
                }

                if (pos == line.Length)
                {
                    return Result.Record;
                }

                if (line[pos] != ',')
                {
                    return Fail($"unexpected {SignalValues.Describe(line[pos])} after a closing quote " +
                        $"(field {FieldCount}; a quote inside a quoted field is written \"\")");
                }

                pos++;
                continue;
            }

            var comma = line[pos..].IndexOf(',');
            var text = comma < 0 ? line[pos..] : line.Slice(pos, comma);
            Append(text.TrimEnd());
            AddField(start, quoted: false);
            if (comma < 0)
            {
                return Result.Record;
            }

            pos += comma + 1;
        }
    }

    private static bool IsBlank(char c) => char.IsWhiteSpace(c);

    private Result Fail(string reason)
    {
        ErrorReason = reason;
        return Result.Error;
    }

    private void SetPreview(ReadOnlySpan<char> line)
    {
        _previewLength = Math.Min(line.Length, _preview.Length);
        line[.._previewLength].CopyTo(_preview);
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_charCount + text.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + text.Length));
        }

        text.CopyTo(_chars.AsSpan(_charCount));
        _charCount += text.Length;
    }

    private void AddField(int start, bool quoted)
    {
        if (FieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[FieldCount++] = new CsvField(start, _charCount - start, quoted);
    }

    private readonly record struct CsvField(int Start, int Length, bool Quoted);
}
