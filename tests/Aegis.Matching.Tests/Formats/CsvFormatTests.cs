using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using static Aegis.Matching.Tests.Formats.FormatTestData;

namespace Aegis.Matching.Tests.Formats;

public sealed class CsvFormatTests
{
    private static readonly Random Random = new(4180);
    private static readonly string Pdq = Hex(Random, 64);
    private static readonly string Md5 = Hex(Random, 32);
    private static readonly string Sha = Hex(Random, 64);

    [Fact]
    public void Reads_every_column_by_header_name_in_any_order_and_case()
    {
        var text = "Enabled,ADDED_BY,added_at,List,category,id,Type,Hash,notes\n" +
            $"false,alice,2025-01-31T12:00:00+02:00,list-a,cat-b,ext-1,pdq,{Pdq},ignored\n" +
            $",,,,,,md5,{Md5.ToUpperInvariant()},\n";

        var items = Read(text, HashListFormat.Csv);

        Assert.Equal(2, items.Count);
        var first = Record(items[0]);
        Assert.Equal(
            new HashListRecord(SignalType.Pdq, Pdq, "ext-1", "cat-b", "list-a",
                new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.FromHours(2)), "alice", Enabled: false),
            first);
        Assert.Equal(TimeSpan.FromHours(2), first.AddedAt!.Value.Offset);
        Assert.Equal(2, items[0].Line);
        Assert.Equal(new HashListRecord(SignalType.Md5, Md5, null, null, null, null, null), Record(items[1]));
    }

    [Fact]
    public void Quoted_fields_hold_commas_doubled_quotes_and_line_breaks()
    {
        var text = "hash,type,category,list\n" +
            $"{Pdq},pdq,\"a, b\",\"say \"\"hi\"\"\"\n" +
            $"{Md5},md5,\"two\r\nlines\",\"x\ny\"\n" +
            $"{Sha},sha256,\"\",  padded  \n" +
            "oops,pdq,,\n";

        var items = Read(text, HashListFormat.Csv);

        Assert.Equal(4, items.Count);
        Assert.Equal(("a, b", "say \"hi\""), (Record(items[0]).Category, Record(items[0]).List));
        Assert.Equal(("two\r\nlines", "x\ny"), (Record(items[1]).Category, Record(items[1]).List));
        Assert.Equal(("", "padded"), (Record(items[2]).Category, Record(items[2]).List));
        Assert.Equal([2L, 3L, 6L, 7L], items.Select(i => i.Line));
        Assert.Equal(7, Error(items[3]).Line);
    }

    [Fact]
    public void A_header_without_hash_is_one_error_at_line_1_and_no_records()
    {
        var items = Read($"type,id\npdq,{Pdq}\nmd5,{Md5}\n", HashListFormat.Csv);

        var error = Error(Assert.Single(items));
        Assert.Equal(1, error.Line);
        Assert.Contains("no 'hash' column", error.Reason, StringComparison.Ordinal);
        Assert.Equal("type,id", error.Text);
    }

    [Fact]
    public void A_header_naming_a_column_twice_is_one_error()
    {
        var items = Read($"hash,HASH\n{Md5},{Md5}\n", HashListFormat.Csv);

        Assert.Contains("names the column 'hash' twice", Error(Assert.Single(items)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_header_is_one_error_and_no_records()
    {
        var items = Read($"hash,\"type\nmd5,{Md5}\n", HashListFormat.Csv);

        var error = Error(Assert.Single(items));
        Assert.Equal(1, error.Line);
        Assert.StartsWith("CSV header: unterminated quoted field", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_type_column_md5_is_inferred_and_64_hex_takes_the_default()
    {
        var text = $"hash,id\n{Md5},1\n{Pdq},2\n";

        Assert.Equal([SignalType.Md5, SignalType.Sha256], Read(text, HashListFormat.Csv, SignalType.Sha256).Select(i => Record(i).Type));
        var items = Read(text, HashListFormat.Csv);
        Assert.Equal(SignalType.Md5, Record(items[0]).Type);
        var error = Error(items[1]);
        Assert.Equal(3, error.Line);
        Assert.Contains("ambiguous", error.Reason, StringComparison.Ordinal);
        Assert.Contains("add a 'type' column", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{pdq63},pdq,2025-01-01,true", "PDQ hash must be 64 hex characters, got 63")]
    [InlineData("{pdq},foo,2025-01-01,true", "unknown signal type 'foo'")]
    [InlineData("{pdq},pdq,31/01/2025,true", "invalid added_at '31/01/2025' (expected ISO-8601")]
    [InlineData("{pdq},pdq,2025-13-01,true", "invalid added_at '2025-13-01'")]
    [InlineData("{pdq},pdq,2025-01-01,maybe", "invalid enabled 'maybe'")]
    [InlineData(",pdq,2025-01-01,true", "missing hash")]
    [InlineData("{pdq},pdq,2025-01-01", "row has 3 fields but the header has 4")]
    [InlineData("{pdq},pdq,2025-01-01,true,extra", "row has 5 fields but the header has 4")]
    [InlineData("{pdq},\"pdq\"x,2025-01-01,true", "unexpected 'x' after a closing quote")]
    public void Reports_each_kind_of_bad_row_with_its_line(string row, string reason)
    {
        row = row.Replace("{pdq63}", Pdq[..63]).Replace("{pdq}", Pdq);
        var text = $"hash,type,added_at,enabled\n{Md5},md5,,\n\"{Md5}\",\"md5\",\"\",\"\"\n{row}\n{Md5},md5,,no\n";

        var items = Read(text, HashListFormat.Csv);

        Assert.Equal(4, items.Count);
        var error = Error(items[2]);
        Assert.Equal(4, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.False(Record(items[3]).Enabled);
    }

    [Fact]
    public void An_unterminated_quote_is_reported_at_the_line_it_starts_on()
    {
        var items = Read($"hash,category\n{Md5},ok\n{Md5},\"never closed\n{Md5},x\n", HashListFormat.Csv);

        Assert.Equal(2, items.Count);
        var error = Error(items[1]);
        Assert.Equal(3, error.Line);
        Assert.Contains("unterminated quoted field", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_crlf_and_a_byte_order_mark()
    {
        var text = $"\uFEFFhash,type,category\r\n{Pdq},pdq,\"a\r\nb\"\r\n\r\n{Md5},md5,c\r\n";

        var items = Read(text);

        Assert.Equal([2L, 5L], items.Select(i => i.Line));
        Assert.Equal(["a\r\nb", "c"], items.Select(i => Record(i).Category));
    }

    [Theory]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("", true)]
    [InlineData("False", false)]
    [InlineData("NO", false)]
    [InlineData("0", false)]
    public void Enabled_accepts_the_usual_spellings(string value, bool enabled)
    {
        var record = Record(Assert.Single(Read($"hash,enabled\n{Md5},{value}\n", HashListFormat.Csv)));

        Assert.Equal(enabled, record.Enabled);
    }

    [Fact]
    public void A_date_without_a_time_or_offset_is_midnight_utc()
    {
        var record = Record(Assert.Single(Read($"hash,added_at\n{Md5},2024-02-29\n", HashListFormat.Csv)));

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), record.AddedAt);
        Assert.Equal(TimeSpan.Zero, record.AddedAt!.Value.Offset);
    }

    [Fact]
    public void Repeated_labels_share_one_string()
    {
        var items = Read($"hash,list\n{Md5},ncmec-2026\n{Pdq[..32]},ncmec-2026\n", HashListFormat.Csv);

        Assert.Same(Record(items[0]).List, Record(items[1]).List);
    }
}
