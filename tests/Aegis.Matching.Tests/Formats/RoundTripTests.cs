using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using static Aegis.Matching.Tests.Formats.FormatTestData;

namespace Aegis.Matching.Tests.Formats;

/// <summary>Property tests: random records (unicode, commas, quotes, line breaks, null vs "") survive a write and a read.</summary>
public sealed class RoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Json_lines_round_trips_every_field_exactly(int seed)
    {
        var random = new Random(seed);
        var records = Enumerable.Range(0, 2000).Select(_ => RandomRecord(random)).ToList();

        var items = Read(Write(HashListFormat.JsonLines, records), HashListFormat.JsonLines);

        Assert.Equal(records.Count, items.Count);
        for (var i = 0; i < records.Count; i++)
        {
            AssertExactlyEqual(records[i], Record(items[i]));
            Assert.Equal(i + 1, items[i].Line);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Csv_round_trips_every_field_exactly(int seed)
    {
        var random = new Random(seed);
        var records = Enumerable.Range(0, 2000).Select(_ => RandomRecord(random)).ToList();

        var text = Write(HashListFormat.Csv, records);
        var items = Read(text, HashListFormat.Csv);

        Assert.Equal(records.Count, items.Count);
        for (var i = 0; i < records.Count; i++)
        {
            AssertExactlyEqual(records[i], Record(items[i]));
        }

        Assert.StartsWith(HashListWriter.CsvHeader + "\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Threat_exchange_round_trips_type_and_value(int seed)
    {
        var random = new Random(seed);
        var records = Enumerable.Range(0, 2000).Select(_ => RandomRecord(random) with { Enabled = true }).ToList();

        var items = Read(Write(HashListFormat.ThreatExchange, records), HashListFormat.ThreatExchange);

        Assert.Equal(records.Select(r => (r.Type, r.Value)), items.Select(i => (Record(i).Type, Record(i).Value)));
    }

    [Fact]
    public void Each_format_round_trips_through_detection_by_file_name()
    {
        var random = new Random(9);
        var records = Enumerable.Range(0, 200).Select(_ => RandomRecord(random) with { Enabled = true }).ToList();
        foreach (var (format, name) in new[]
                 {
                     (HashListFormat.Csv, "x.csv"), (HashListFormat.JsonLines, "x.jsonl"), (HashListFormat.ThreatExchange, "x.txt"),
                 })
        {
            using var reader = HashListReader.Create(new StringReader(Write(format, records)), fileName: name);

            Assert.Equal(format, reader.Format);
            Assert.Equal(records.Select(r => r.Value), reader.ReadAll().Select(i => Record(i).Value));
        }
    }

    [Fact]
    public void Json_lines_keeps_non_ascii_readable()
    {
        var record = new HashListRecord(SignalType.Md5, Hex(new Random(1), 32), null, "日本 é", null, null, null);

        var text = Write(HashListFormat.JsonLines, [record]);

        Assert.Contains("日本 é", text, StringComparison.Ordinal);
        Assert.EndsWith("\"enabled\":true}\n", text, StringComparison.Ordinal);
    }
}
