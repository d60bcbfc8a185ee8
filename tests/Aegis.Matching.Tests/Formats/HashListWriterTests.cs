using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using static Aegis.Matching.Tests.Formats.FormatTestData;

namespace Aegis.Matching.Tests.Formats;

public sealed class HashListWriterTests
{
    private static readonly Random Random = new(42);
    private static readonly string Pdq = Hex(Random, 64);
    private static readonly string Md5 = Hex(Random, 32);
    private static readonly string Sha = Hex(Random, 64);

    [Fact]
    public void Threat_exchange_uses_python_threatexchange_names_and_comments_out_disabled_entries()
    {
        var text = Write(HashListFormat.ThreatExchange,
        [
            new HashListRecord(SignalType.Pdq, Pdq, "id", "cat", "list", DateTimeOffset.UnixEpoch, "me"),
            new HashListRecord(SignalType.Md5, Md5, null, null, null, null, null),
            new HashListRecord(SignalType.Sha256, Sha, null, null, null, null, null),
            new HashListRecord(SignalType.Pdq, Sha, null, null, null, null, null, Enabled: false),
        ]);

        Assert.Equal($"pdq {Pdq}\nvideo_md5 {Md5}\nvideo_sha256 {Sha}\n# disabled: pdq {Sha}\n", text);
        Assert.Equal(3, Read(text).Count);
    }

    [Fact]
    public void Csv_writes_a_header_and_quotes_only_what_needs_it()
    {
        var text = Write(HashListFormat.Csv,
        [
            new HashListRecord(SignalType.Md5, Md5, "plain", "a,b", "say \"hi\"", null, " lead", Enabled: false),
            new HashListRecord(SignalType.Pdq, Pdq, "", null, "x\ny", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), null),
        ]);

        Assert.Equal(
            "hash,type,id,category,list,added_at,added_by,enabled\n" +
            $"{Md5},md5,plain,\"a,b\",\"say \"\"hi\"\"\",,\" lead\",false\n" +
            $"{Pdq},pdq,\"\",,\"x\ny\",2025-01-02T03:04:05.0000000+00:00,,true\n",
            text);
    }

    [Fact]
    public void Writes_canonical_lower_case_hex()
    {
        var text = Write(HashListFormat.JsonLines, [new HashListRecord(SignalType.Sha256, Sha.ToUpperInvariant(), null, null, null, null, null)]);

        Assert.Equal($$"""{"type":"sha256","hash":"{{Sha}}","enabled":true}""" + "\n", text);
    }

    [Theory]
    [InlineData(HashListFormat.ThreatExchange)]
    [InlineData(HashListFormat.Csv)]
    [InlineData(HashListFormat.JsonLines)]
    public void Refuses_a_value_that_is_not_a_hash_of_its_type(HashListFormat format)
    {
        HashListRecord[] records =
        [
            new(SignalType.Md5, Md5, null, null, null, null, null),
            new(SignalType.Pdq, Md5, null, null, null, null, null),
        ];

        var e = Assert.Throws<ArgumentException>(() => Write(format, records));

        Assert.Contains("Record 1: PDQ hash must be 64 hex characters, got 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Returns_the_number_written_and_enumerates_lazily_once()
    {
        var enumerated = 0;
        IEnumerable<HashListRecord> Records()
        {
            for (var i = 0; i < 5; i++)
            {
                enumerated++;
                yield return new HashListRecord(SignalType.Md5, Hex(Random, 32), null, null, null, null, null);
            }
        }

        var count = HashListWriter.Write(new StringWriter(), HashListFormat.Csv, Records());

        Assert.Equal(5, count);
        Assert.Equal(5, enumerated);
    }
}
