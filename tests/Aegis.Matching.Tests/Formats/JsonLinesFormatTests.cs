using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using static Aegis.Matching.Tests.Formats.FormatTestData;

namespace Aegis.Matching.Tests.Formats;

public sealed class JsonLinesFormatTests
{
    private static readonly Random Random = new(7464);
    private static readonly string Pdq = Hex(Random, 64);
    private static readonly string Md5 = Hex(Random, 32);

    [Fact]
    public void Reads_every_key_and_ignores_unknown_ones()
    {
        var text =
            $$"""{"type":"pdq","hash":"{{Pdq.ToUpperInvariant()}}","external_id":"e1","category":"c","list":"l",""" +
            """ "added_at":"2025-06-01T08:30:00.5-07:00","added_by":"import","enabled":false,""" +
            """ "extra":{"nested":[1,2,{"x":null}]} }""" +
            "\n\n" +
            $$"""  {"hash":"{{Md5}}","type":"video_md5","category":null}  """ + "\n";

        var items = Read(text, HashListFormat.JsonLines);

        Assert.Equal([1L, 3L], items.Select(i => i.Line));
        var first = Record(items[0]);
        Assert.Equal(
            new HashListRecord(SignalType.Pdq, Pdq, "e1", "c", "l",
                new DateTimeOffset(2025, 6, 1, 8, 30, 0, 500, TimeSpan.FromHours(-7)), "import", Enabled: false),
            first);
        Assert.Equal(TimeSpan.FromHours(-7), first.AddedAt!.Value.Offset);
        Assert.Equal(new HashListRecord(SignalType.Md5, Md5, null, null, null, null, null), Record(items[1]));
    }

    [Fact]
    public void Unescapes_strings()
    {
        var text = $$"""{"type":"md5","hash":"{{Md5}}","category":"tab\there \"q\" \u00e9 \ud83d\ude00 \n"}""";

        Assert.Equal("tab\there \"q\" é 😀 \n", Record(Assert.Single(Read(text, HashListFormat.JsonLines))).Category);
    }

    [Theory]
    [InlineData("""{"type":"pdq","hash":"{pdq63}"}""", "PDQ hash must be 64 hex characters, got 63")]
    [InlineData("""{"type":"pdq","hash":"{pdq}""", "malformed JSON: ")]
    [InlineData("""{"type":"pdq" "hash":"{pdq}"}""", "malformed JSON: ")]
    [InlineData("""{"type":"pdq","hash":"{pdq}"} {}""", "malformed JSON: ")]
    [InlineData("""not json""", "malformed JSON: ")]
    [InlineData("""["pdq","{pdq}"]""", "expected a JSON object, got StartArray")]
    [InlineData("""{"type":"pdq"}""", "missing \"hash\"")]
    [InlineData("""{"type":"pdq","hash":null}""", "missing \"hash\"")]
    [InlineData("""{"type":"foo","hash":"{pdq}"}""", "unknown signal type 'foo'")]
    [InlineData("""{"type":"text_md5","hash":"{md5}"}""", "signal type 'text_md5' is not supported")]
    [InlineData("""{"hash":"{pdq}"}""", "ambiguous (PDQ or SHA-256); add \"type\"")]
    [InlineData("""{"type":"pdq","hash":"{pdq}","added_at":"yesterday"}""", "invalid added_at 'yesterday'")]
    [InlineData("""{"type":"pdq","hash":"{pdq}","enabled":"yes"}""", "\"enabled\" must be true or false, got String")]
    [InlineData("""{"type":"pdq","hash":"{pdq}","category":5}""", "\"category\" must be a string or null, got Number")]
    [InlineData("""{"type":"pdq","hash":"{pdq}","hash":"{pdq}"}""", "duplicate key \"hash\"")]
    // Found by the fuzzer (tests/Aegis.Fuzz.Tests): an escaped lone surrogate in a string threw InvalidOperationException
    // out of the reader, in the hash, in a kept field and in a vPDQ signal inside the hash.
    [InlineData("""{"type":"pdq","hash":"\ud800"}""", "malformed JSON: ")]
    [InlineData("""{"type":"pdq","hash":"{pdq}","category":"\udc00"}""", "malformed JSON: ")]
    [InlineData("""{"type":"vpdq","hash":"[\"\\ud800\"]"}""", "vPDQ signal entry 0: the string is not valid text")]
    public void Reports_each_kind_of_bad_line(string line, string reason)
    {
        line = line.Replace("{pdq63}", Pdq[..63]).Replace("{pdq}", Pdq).Replace("{md5}", Md5);
        var good = $$"""{"type":"md5","hash":"{{Md5}}"}""";

        var items = Read($"{good}\n{good}\n\n{line}\n{good}\n", HashListFormat.JsonLines);

        Assert.Equal(4, items.Count);
        var error = Error(items[2]);
        Assert.Equal(4, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(line, error.Text);
        Assert.False(items[3].IsError);
    }

    [Fact]
    public void Reads_crlf_and_a_byte_order_mark()
    {
        var text = $"\uFEFF{{\"type\":\"pdq\",\"hash\":\"{Pdq}\"}}\r\n\r\n{{\"type\":\"md5\",\"hash\":\"{Md5}\"}}\r\n";

        var items = Read(text);

        Assert.Equal([1L, 3L], items.Select(i => i.Line));
        Assert.Equal([Pdq, Md5], items.Select(i => Record(i).Value));
    }
}
