using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aegis.Matching.Formats;

/// <summary>
/// Writes one JSON object a line: <c>type</c>, <c>hash</c>, then <c>external_id</c>, <c>category</c>, <c>list</c>,
/// <c>added_at</c> and <c>added_by</c> when not null, then <c>enabled</c>. Non-ASCII text is written as is (not
/// \u-escaped); strings must be valid UTF-16.
/// </summary>
internal sealed class JsonLinesRecordWriter : HashListWriter.IRecordWriter, IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly TextWriter _writer;
    private readonly ArrayBufferWriter<byte> _bytes = new(512);
    private readonly Utf8JsonWriter _json;
    private char[] _chars = new char[512];

    public JsonLinesRecordWriter(TextWriter writer)
    {
        _writer = writer;
        _json = new Utf8JsonWriter(_bytes, Options);
    }

    public void Write(HashListRecord record, string canonicalValue)
    {
        _bytes.ResetWrittenCount();
        _json.Reset(_bytes);
        _json.WriteStartObject();
        _json.WriteString("type"u8, SignalValues.Name(record.Type));
        _json.WriteString("hash"u8, canonicalValue);
        WriteIfSet("external_id"u8, record.ExternalId);
        WriteIfSet("category"u8, record.Category);
        WriteIfSet("list"u8, record.List);
        if (record.AddedAt is { } addedAt)
        {
            _json.WriteString("added_at"u8, IsoTimestamp.Format(addedAt));
        }

        WriteIfSet("added_by"u8, record.AddedBy);
        _json.WriteBoolean("enabled"u8, record.Enabled);
        _json.WriteEndObject();
        _json.Flush();

        var bytes = _bytes.WrittenSpan;
        var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = Encoding.UTF8.GetChars(bytes, _chars);
        _writer.Write(_chars, 0, count);
        _writer.Write('\n');
    }

    private void WriteIfSet(ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            _json.WriteString(name, value);
        }
    }

    public void Dispose() => _json.Dispose();
}
