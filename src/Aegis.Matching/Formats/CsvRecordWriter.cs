using System.Buffers;

namespace Aegis.Matching.Formats;

/// <summary>
/// Writes CSV rows under <see cref="HashListWriter.CsvHeader"/>. A field is quoted when it holds a comma, a quote,
/// a line break or leading or trailing white space (which the reader would trim), or is the empty string (an empty
/// unquoted field reads back as null).
/// </summary>
internal sealed class CsvRecordWriter : HashListWriter.IRecordWriter
{
    private static readonly SearchValues<char> NeedQuotes = SearchValues.Create(",\"\r\n");

    private readonly TextWriter _writer;

    public CsvRecordWriter(TextWriter writer)
    {
        _writer = writer;
        _writer.Write(HashListWriter.CsvHeader);
        _writer.Write('\n');
    }

    public void Write(HashListRecord record, string canonicalValue)
    {
        Field(canonicalValue);
        _writer.Write(',');
        _writer.Write(SignalValues.Name(record.Type));
        _writer.Write(',');
        Field(record.ExternalId);
        _writer.Write(',');
        Field(record.Category);
        _writer.Write(',');
        Field(record.List);
        _writer.Write(',');
        if (record.AddedAt is { } addedAt)
        {
            _writer.Write(IsoTimestamp.Format(addedAt));
        }

        _writer.Write(',');
        Field(record.AddedBy);
        _writer.Write(',');
        _writer.Write(record.Enabled ? "true" : "false");
        _writer.Write('\n');
    }

    private void Field(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > 0 && value.AsSpan().IndexOfAny(NeedQuotes) < 0 &&
            !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]))
        {
            _writer.Write(value);
            return;
        }

        _writer.Write('"');
        var rest = value.AsSpan();
        int quote;
        while ((quote = rest.IndexOf('"')) >= 0)
        {
            _writer.Write(rest[..(quote + 1)]);
            _writer.Write('"');
            rest = rest[(quote + 1)..];
        }

        _writer.Write(rest);
        _writer.Write('"');
    }
}
