using System.Text;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Tests.Support;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;

namespace Aegis.Hashing.Tests.Video.Formats;

public sealed class VpdqTextTests
{
    private const string Hex = "e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c";

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(SampleDirectory, "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void Every_reference_sample_file_is_tested()
    {
        Assert.Equal(11, SampleFiles().Count);
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Parsing_and_writing_a_reference_file_reproduces_it_byte_for_byte(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(SampleDirectory, file));

        var features = VpdqText.Parse(new StringReader(Encoding.UTF8.GetString(bytes)));
        var written = new StringWriter();
        VpdqText.Write(written, features);

        Assert.NotEmpty(features);
        Assert.Equal(Enumerable.Range(0, features.Count), features.Select(f => f.FrameNumber));
        Assert.Equal(bytes, Encoding.UTF8.GetBytes(written.ToString()));
    }

    [Fact]
    public void Reads_the_fields_of_the_reference_file()
    {
        using var reader = File.OpenText(Path.Combine(SampleDirectory, "chair-19-sd-bar.txt"));

        var features = VpdqText.Parse(reader);

        Assert.Equal(564, features.Count);
        Assert.Equal(new VpdqFeature(PdqHash.Parse(Hex), 0, 100, 0.0), features[0]);
        Assert.Equal(0.033, features[1].Timestamp);
        Assert.Equal(563, features[^1].FrameNumber);
        Assert.Equal(18.767, features[^1].Timestamp);
    }

    [Fact]
    public void Keeps_low_quality_frames_it_reads()
    {
        var features = VpdqText.Parse(File.OpenText(Path.Combine(SampleDirectory, "doorknob-hd-no-bar.txt")));

        Assert.Equal(120, features.Count);
        Assert.Equal(60, features.Count(f => f.Quality < 50));
    }

    [Fact]
    public void Accepts_crlf_line_endings_and_upper_case_hex_and_writes_the_canonical_form()
    {
        var features = VpdqText.Parse(new StringReader($"0,100,{Hex.ToUpperInvariant()},0.000\r\n1,99,{Hex},0.033\r\n"));

        Assert.Equal($"0,100,{Hex},0.000", VpdqText.FormatLine(features[0]));
        Assert.Equal(99, features[1].Quality);
    }

    [Theory]
    [InlineData(0.0625, "0.062")] // an exact tie goes to the even digit, as C's %.3f does
    [InlineData(0.1875, "0.188")]
    [InlineData(1.0 / 30, "0.033")]
    [InlineData(563.0 / 30, "18.767")]
    [InlineData(3600.5, "3600.500")]
    public void Writes_the_timestamp_as_the_reference_does(double seconds, string expected)
    {
        Assert.Equal($"7,100,{Hex},{expected}", VpdqText.FormatLine(new VpdqFeature(PdqHash.Parse(Hex), 7, 100, seconds)));
    }

    [Theory]
    [InlineData("0,100," + Hex, "expected 4 comma-separated fields")]
    [InlineData("0,100," + Hex + ",0.000,extra", "expected 4 comma-separated fields")]
    [InlineData("", "expected 4 comma-separated fields")]
    [InlineData("0,100,e271,0.000", "the PDQ hash must be 64 hex characters")]
    [InlineData("0,100,z" + "271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c,0.000", "the PDQ hash must be 64 hex characters")]
    [InlineData("x,100," + Hex + ",0.000", "the frame number must be an integer")]
    [InlineData("-1,100," + Hex + ",0.000", "the frame number must not be negative")]
    [InlineData("0,abc," + Hex + ",0.000", "the quality must be an integer from 0 to 100")]
    [InlineData("0,101," + Hex + ",0.000", "the quality must be from 0 to 100, got 101")]
    [InlineData("0,-1," + Hex + ",0.000", "the quality must be from 0 to 100, got -1")]
    [InlineData("0,100," + Hex + ",soon", "the timestamp must be a number of seconds")]
    [InlineData("0,100," + Hex + ",-0.5", "the timestamp must be a finite, non-negative number")]
    public void A_bad_line_is_reported_with_its_number(string badLine, string expected)
    {
        var text = $"0,100,{Hex},0.000\n{badLine}\n1,100,{Hex},0.033\n";

        var error = Assert.Throws<VpdqFormatException>(() => VpdqText.Parse(new StringReader(text)));

        Assert.Equal(2, error.LineNumber);
        Assert.StartsWith("Line 2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_has_no_features()
    {
        Assert.Empty(VpdqText.Parse(new StringReader("")));
    }

    [Theory]
    [InlineData(-1, 100, 0.0)]
    [InlineData(0, 101, 0.0)]
    [InlineData(0, 100, -1.0)]
    [InlineData(0, 100, double.NaN)]
    public void Refuses_to_write_what_it_could_not_read_back(int frame, int quality, double seconds)
    {
        var feature = new VpdqFeature(PdqHash.Parse(Hex), frame, quality, seconds);

        Assert.Throws<ArgumentException>(() => VpdqText.Write(new StringWriter(), [feature]));
    }

    private static string SampleDirectory => Path.Combine(TestData.Root, "video", "vpdq", "sample-hashes");
}
