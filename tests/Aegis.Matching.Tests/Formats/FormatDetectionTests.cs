using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using static Aegis.Matching.Tests.Formats.FormatTestData;

namespace Aegis.Matching.Tests.Formats;

public sealed class FormatDetectionTests
{
    private static readonly string Md5 = Hex(new Random(3), 32);

    [Theory]
    [InlineData("list.csv", HashListFormat.Csv)]
    [InlineData("/tmp/LIST.CSV", HashListFormat.Csv)]
    [InlineData("list.jsonl", HashListFormat.JsonLines)]
    [InlineData("list.ndjson", HashListFormat.JsonLines)]
    [InlineData("list.txt", HashListFormat.ThreatExchange)]
    [InlineData("list.json", null)]
    [InlineData("list", null)]
    [InlineData(null, null)]
    public void From_file_name(string? name, HashListFormat? format) =>
        Assert.Equal(format, HashListFormatDetector.FromFileName(name));

    [Theory]
    [InlineData("{\"hash\":\"x\"}", HashListFormat.JsonLines)]
    [InlineData("  {", HashListFormat.JsonLines)]
    [InlineData("hash,type", HashListFormat.Csv)]
    [InlineData("HASH", HashListFormat.Csv)]
    [InlineData("\"hash\"", HashListFormat.Csv)]
    [InlineData("\uFEFFhash,type", HashListFormat.Csv)]
    [InlineData("pdq 0123", HashListFormat.ThreatExchange)]
    [InlineData("0123abcd", HashListFormat.ThreatExchange)]
    [InlineData("# comment, with a comma", HashListFormat.ThreatExchange)]
    [InlineData("   ", null)]
    [InlineData("", null)]
    public void From_first_line(string line, HashListFormat? format) =>
        Assert.Equal(format, HashListFormatDetector.FromFirstLine(line));

    [Fact]
    public void The_reader_sniffs_past_blank_lines_and_keeps_line_numbers()
    {
        using var reader = HashListReader.Create(new StringReader($"\n\n  \nhash\n{Md5}\n"));

        Assert.Equal(HashListFormat.Csv, reader.Format);
        var item = Assert.Single(reader.ReadAll());
        Assert.Equal(5, item.Line);
        Assert.Equal(Md5, Record(item).Value);
    }

    [Fact]
    public void An_explicit_format_overrides_the_extension_and_the_extension_overrides_the_content()
    {
        var text = $"hash\n{Md5}\n";

        using (var byName = HashListReader.Create(new StringReader(text), fileName: "list.txt"))
        {
            Assert.Equal(HashListFormat.ThreatExchange, byName.Format);
        }

        using var explicitFormat = HashListReader.Create(new StringReader(text), HashListFormat.Csv, "list.txt");
        Assert.Equal(HashListFormat.Csv, explicitFormat.Format);
        Assert.Equal(Md5, Record(Assert.Single(explicitFormat.ReadAll())).Value);
    }

    [Fact]
    public void An_empty_input_is_threat_exchange_with_no_items()
    {
        using var reader = HashListReader.Create(new StringReader("\n\n"));

        Assert.Equal(HashListFormat.ThreatExchange, reader.Format);
        Assert.Empty(reader.ReadAll());
    }

    [Fact]
    public void A_reader_reads_once()
    {
        using var reader = HashListReader.Create(new StringReader(Md5), HashListFormat.ThreatExchange);
        _ = reader.ReadAll();

        Assert.Throws<InvalidOperationException>(() => reader.ReadAll());
    }

    [Fact]
    public void Argument_errors_are_thrown_at_once_not_on_enumeration()
    {
        Assert.Throws<ArgumentNullException>(() => HashListReader.Read(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => HashListReader.Read(new StringReader(""), (HashListFormat)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => HashListReader.Create(new StringReader(""), (HashListFormat)9));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => HashListReader.Create(new StringReader(""), defaultType: (SignalType)9));
    }
}
