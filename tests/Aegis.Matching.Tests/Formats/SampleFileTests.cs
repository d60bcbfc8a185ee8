using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using static Aegis.Matching.Tests.Formats.FormatTestData;

namespace Aegis.Matching.Tests.Formats;

/// <summary>The sample lists in tests/data/hashlists (random stand-in hashes) read as documented.</summary>
public sealed class SampleFileTests
{
    [Fact]
    public void Threat_exchange_sample()
    {
        using var reader = HashListReader.OpenFile(SamplePath("sample-threatexchange.txt"), defaultType: SignalType.Pdq);
        var items = reader.ReadAll().ToList();

        Assert.Equal(HashListFormat.ThreatExchange, reader.Format);
        Assert.All(items, i => Assert.False(i.IsError, i.Error?.ToString()));
        Assert.Equal(6, items.Count);
        Assert.Equal(
            [SignalType.Pdq, SignalType.Pdq, SignalType.Md5, SignalType.Md5, SignalType.Sha256, SignalType.Pdq],
            items.Select(i => i.Record!.Type));
    }

    [Fact]
    public void Csv_sample_with_bom_and_crlf()
    {
        using var reader = HashListReader.OpenFile(SamplePath("sample-bom-crlf.csv"));
        var items = reader.ReadAll().ToList();

        Assert.Equal(HashListFormat.Csv, reader.Format);
        Assert.Equal(4, items.Count);
        Assert.All(items, i => Assert.False(i.IsError, i.Error?.ToString()));
        var multiLine = items[1].Record!;
        Assert.Equal("stand-in, with a comma and \"quotes\"\r\nand a second line", multiLine.Category);
        Assert.Equal([2L, 3L, 5L, 6L], items.Select(i => i.Line));
        Assert.False(items[3].Record!.Enabled);
    }

    [Fact]
    public void Json_lines_sample_round_trips_through_the_writer_byte_for_byte()
    {
        var path = SamplePath("sample.jsonl");
        using var reader = HashListReader.OpenFile(path);
        var records = reader.ReadAll().Select(Record).ToList();

        Assert.Equal(HashListFormat.JsonLines, reader.Format);
        Assert.Equal(3, records.Count);
        Assert.Equal(File.ReadAllText(path), Write(HashListFormat.JsonLines, records));
    }

    [Fact]
    public void Errors_sample_reports_every_bad_line_and_keeps_the_good_ones()
    {
        using var reader = HashListReader.OpenFile(SamplePath("sample-errors.txt"));
        var items = reader.ReadAll().ToList();

        Assert.Equal(
            [
                "line 4: PDQ hash must be 64 hex characters, got 63",
                "line 5: unknown signal type 'foo' (expected pdq, video_md5, photo_md5, md5, video_sha256, sha256, vpdq)",
                "line 6: a 64-character hash without a type is ambiguous (PDQ or SHA-256); write the type before it " +
                "('pdq <hash>' or 'video_sha256 <hash>') or give a default signal type",
                "line 7: MD5 hash contains a non-hex character 'z' at position 32",
            ],
            items.Where(i => i.IsError).Select(i => i.Error!.ToString()));
        Assert.Equal([3L, 8L], items.Where(i => !i.IsError).Select(i => i.Line));
    }
}
