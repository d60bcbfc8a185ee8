using Aegis.Hashing.Imaging;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Tests.Support;

namespace Aegis.Hashing.Tests.Pdq;

/// <summary>
/// Bit-exactness with the python-threatexchange / HMA pipeline, file → hash, through the real
/// decoder, on every row of the reference vectors. Reference data is never edited.
/// </summary>
public sealed class PdqVectorTests
{
    private static readonly ImageDecoder Decoder = new();

    public static TheoryData<string, string, int> PytxPipeline()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var row in TestData.ReadTsv(TestData.Pdq("COMPUTED_pytx_pipeline.tsv")))
        {
            data.Add(row["file"], row["computed_pdq_hex"], int.Parse(row["computed_quality"]));
        }

        return data;
    }

    public static TheoryData<string, string, int, string> PytxExpected()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (var row in TestData.ReadTsv(TestData.Pdq("EXPECTED.tsv"))
                     .Where(r => r["source_path_in_repo"].StartsWith("python-threatexchange/", StringComparison.Ordinal)))
        {
            data.Add(row["file"], row["expected_pdq_hex"], row["expected_quality"] == "NA" ? -1 : int.Parse(row["expected_quality"]), row["source_path_in_repo"]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PytxPipeline))]
    public void Hasher_is_bit_exact_with_the_pytx_pipeline(string file, string hex, int quality)
    {
        using var image = Decoder.Decode(File.ReadAllBytes(TestData.Pdq(file)));

        var result = new PdqHasher().Hash(image.Pixels, image.Width, image.Height);

        Assert.Equal(hex, result.Hash.ToString());
        Assert.Equal(quality, result.Quality);
    }

    [Theory]
    [MemberData(nameof(PytxExpected))]
    public void Hasher_matches_python_threatexchange_expected_values(string file, string hex, int quality, string source)
    {
        using var image = Decoder.Decode(File.ReadAllBytes(TestData.Pdq(file)));

        var result = new PdqHasher().Hash(image.Pixels, image.Width, image.Height);

        Assert.True(hex == result.Hash.ToString(), $"{file}: expected {hex} (from {source}), got {result.Hash}");
        if (quality >= 0)
        {
            Assert.Equal(quality, result.Quality);
        }
    }

    [Theory]
    [MemberData(nameof(PytxPipeline))]
    public void Reference_port_is_bit_exact_with_the_pytx_pipeline(string file, string hex, int quality)
    {
        using var image = Decoder.Decode(File.ReadAllBytes(TestData.Pdq(file)));
        var luma = PdqReference.Luma(image.Pixels, image.Width, image.Height, PixelLayout.Rgba32);

        var result = PdqReference.Hash(luma, image.Height, image.Width);

        Assert.Equal(hex, result.Hash.ToString());
        Assert.Equal(quality, result.Quality);
    }

    [Theory]
    [MemberData(nameof(PytxExpected))]
    public void Reference_port_matches_python_threatexchange_expected_values(string file, string hex, int quality, string source)
    {
        using var image = Decoder.Decode(File.ReadAllBytes(TestData.Pdq(file)));
        var luma = PdqReference.Luma(image.Pixels, image.Width, image.Height, PixelLayout.Rgba32);

        var result = PdqReference.Hash(luma, image.Height, image.Width);

        Assert.True(hex == result.Hash.ToString(), $"{file}: expected {hex} (from {source}), got {result.Hash}");
        if (quality >= 0)
        {
            Assert.Equal(quality, result.Quality);
        }
    }
}
