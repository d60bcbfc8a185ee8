using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using static Aegis.Matching.Tests.Formats.FormatTestData;

namespace Aegis.Matching.Tests.Formats;

public sealed class ThreatExchangeFormatTests
{
    private static readonly Random Random = new(20251125);
    private static readonly string Pdq = Hex(Random, 64);
    private static readonly string Md5 = Hex(Random, 32);
    private static readonly string Sha = Hex(Random, 64);

    [Fact]
    public void Reads_typed_lines_bare_md5_comments_and_blank_lines()
    {
        var text = $"# exported by threatexchange dataset -P -S\n\npdq {Pdq}\nvideo_md5 {Md5}\n   \n" +
            $"video_sha256 {Sha}\n{Md5}\n  # indented comment\n";

        var items = Read(text, HashListFormat.ThreatExchange);

        Assert.All(items, i => Assert.False(i.IsError));
        Assert.Equal([3L, 4L, 6L, 7L], items.Select(i => i.Line));
        Assert.Equal(
            [(SignalType.Pdq, Pdq), (SignalType.Md5, Md5), (SignalType.Sha256, Sha), (SignalType.Md5, Md5)],
            items.Select(i => (i.Record!.Type, i.Record.Value)));
        var first = items[0].Record!;
        Assert.Equal(new HashListRecord(SignalType.Pdq, Pdq, null, null, null, null, null), first);
    }

    [Theory]
    [InlineData("pdq", SignalType.Pdq)]
    [InlineData("PDQ", SignalType.Pdq)]
    [InlineData("video_md5", SignalType.Md5)]
    [InlineData("Video_MD5", SignalType.Md5)]
    [InlineData("photo_md5", SignalType.Md5)]
    [InlineData("md5", SignalType.Md5)]
    [InlineData("video_sha256", SignalType.Sha256)]
    [InlineData("VIDEO_SHA256", SignalType.Sha256)]
    [InlineData("sha256", SignalType.Sha256)]
    public void Accepts_python_threatexchange_and_aegis_names_in_any_case(string name, SignalType type)
    {
        var hash = type == SignalType.Md5 ? Md5 : Pdq;

        var record = Record(Assert.Single(Read($"{name} {hash}\n", HashListFormat.ThreatExchange)));

        Assert.Equal(type, record.Type);
        Assert.Equal(hash, record.Value);
    }

    [Fact]
    public void Canonicalises_upper_case_and_accepts_tabs_and_surrounding_space()
    {
        var items = Read($"  pdq\t\t{Pdq.ToUpperInvariant()}  \r\n\t{Md5.ToUpperInvariant()}\t", HashListFormat.ThreatExchange);

        Assert.Equal([Pdq, Md5], items.Select(i => Record(i).Value));
    }

    [Theory]
    [InlineData(SignalType.Pdq)]
    [InlineData(SignalType.Sha256)]
    public void Bare_64_hex_takes_the_default_type(SignalType type)
    {
        var record = Record(Assert.Single(Read(Pdq + "\n", HashListFormat.ThreatExchange, type)));

        Assert.Equal(type, record.Type);
        Assert.Equal(Pdq, record.Value);
    }

    [Fact]
    public void Bare_64_hex_without_a_default_type_is_an_ambiguity_error_that_says_how_to_fix_it()
    {
        var error = SingleError(
            $"pdq {Pdq}\n{Sha}\n", HashListFormat.ThreatExchange, 2, "ambiguous (PDQ or SHA-256)", "'pdq <hash>'",
            "default signal type");

        Assert.Equal(Sha, error.Text);
    }

    [Fact]
    public void Bare_32_hex_is_md5_even_with_a_default_type()
    {
        var record = Record(Assert.Single(Read(Md5, HashListFormat.ThreatExchange, SignalType.Pdq)));

        Assert.Equal(SignalType.Md5, record.Type);
    }

    [Fact]
    public void Reports_a_short_pdq_with_its_line_number_and_length()
    {
        var error = SingleError(
            $"pdq {Pdq}\n\n# c\n\n\n\npdq {Pdq[..63]}\nvideo_md5 {Md5}\n", HashListFormat.ThreatExchange, 7,
            "PDQ hash must be 64 hex characters, got 63");

        Assert.Equal("line 7: PDQ hash must be 64 hex characters, got 63", error.ToString());
        Assert.Equal($"pdq {Pdq[..63]}", error.Text);
    }

    [Theory]
    [InlineData("video_md5 {md5}0", "MD5 hash must be 32 hex characters, got 33")]
    [InlineData("video_sha256 {md5}", "SHA-256 hash must be 64 hex characters, got 32")]
    [InlineData("pdq g{pdq63}", "PDQ hash contains a non-hex character 'g' at position 1")]
    [InlineData("foo {pdq}", "unknown signal type 'foo' (expected pdq, video_md5, photo_md5, md5, video_sha256, sha256, vpdq)")]
    [InlineData("url_md5 {md5}", "python-threatexchange signal type 'url_md5' is not supported")]
    [InlineData("clip {pdq}", "python-threatexchange signal type 'clip' is not supported")]
    [InlineData("vpdq {pdq}", "A vPDQ signal is a JSON list of strings; this is not valid JSON")]
    [InlineData("vpdq []", "A vPDQ signal must hold at least one frame")]
    [InlineData("pdq", "signal type 'pdq' has no signal after it")]
    [InlineData("pdq {pdq} extra", "unexpected text after the signal: 'extra'")]
    [InlineData("abcdef", "cannot tell the type of a 6-character hash")]
    [InlineData("hello", "'hello' is not a hex hash")]
    public void Reports_each_kind_of_bad_line(string line, string reason)
    {
        line = line.Replace("{md5}", Md5).Replace("{pdq63}", Pdq[..63]).Replace("{pdq}", Pdq);

        SingleError($"video_md5 {Md5}\n{line}\n", HashListFormat.ThreatExchange, 2, reason);
    }

    [Fact]
    public void Reads_python_threatexchange_vpdq_signals_into_canonical_form()
    {
        // As python-threatexchange's vpdq_to_json writes them: timestamps to three significant digits.
        var line = $"vpdq [\"{Pdq},100,0.0\", \"{Pdq.ToUpperInvariant()},87,18.8\", \"{Pdq},50,1.23e+02\"]";

        var record = Record(Assert.Single(Read(line + "\n", HashListFormat.ThreatExchange)));

        Assert.Equal(SignalType.Vpdq, record.Type);
        Assert.Equal($"[\"{Pdq},100,0\", \"{Pdq},87,18.8\", \"{Pdq},50,123\"]", record.Value);
    }

    [Fact]
    public void Good_lines_around_bad_ones_still_come_through_in_order()
    {
        var items = Read($"pdq {Pdq}\nfoo bar\nvideo_md5 {Md5}\npdq 12\n{Md5}\n", HashListFormat.ThreatExchange);

        Assert.Equal([false, true, false, true, false], items.Select(i => i.IsError));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], items.Select(i => i.Line));
    }

    [Fact]
    public void Error_text_is_cut_to_200_characters()
    {
        var line = "pdq " + new string('a', 500);

        var error = SingleError(line, HashListFormat.ThreatExchange, 1, "got 500");

        Assert.Equal(HashListError.MaxTextLength + 1, error.Text.Length);
        Assert.StartsWith("pdq aaa", error.Text, StringComparison.Ordinal);
        Assert.EndsWith("…", error.Text, StringComparison.Ordinal);
    }
}
