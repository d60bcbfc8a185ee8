using Aegis.Hashing.Imaging;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Tests.Support;

namespace Aegis.Hashing.Tests.Pdq;

public sealed class PdqHasherTests
{
    public static TheoryData<int, int> Sizes() => new()
    {
        { 5, 5 }, { 7, 13 }, { 64, 64 }, { 63, 65 }, { 65, 64 }, { 100, 37 }, { 128, 129 },
        { 255, 257 }, { 333, 500 }, { 640, 480 }, { 1000, 999 }, { 1023, 17 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Vectorised_hasher_equals_the_reference_port_on_random_images(int width, int height)
    {
        var pixels = RandomImage(width, height, seed: width * 31 + height);
        var luma = PdqReference.Luma(pixels, width, height, PixelLayout.Rgba32);
        var expectedDihedral = new PdqHash[8];
        var expected = PdqReference.Hash(luma, height, width, expectedDihedral);

        var actual = new PdqHasher().Hash(pixels, width, height, PixelLayout.Rgba32, out var dihedral);

        Assert.Equal(expected, actual);
        for (var v = 0; v < 8; v++)
        {
            Assert.Equal(expectedDihedral[v], dihedral[v]);
        }
    }

    [Fact]
    public void Rgb24_and_rgba32_layouts_give_the_same_hash()
    {
        var rgba = RandomImage(200, 150, seed: 7);
        var rgb = new byte[200 * 150 * 3];
        for (var i = 0; i < 200 * 150; i++)
        {
            rgba.AsSpan(i * 4, 3).CopyTo(rgb.AsSpan(i * 3));
        }

        var hasher = new PdqHasher();

        Assert.Equal(hasher.Hash(rgba, 200, 150), hasher.Hash(rgb, 200, 150, PixelLayout.Rgb24));
    }

    [Fact]
    public void One_hasher_reused_across_sizes_gives_the_same_results_as_fresh_ones()
    {
        var hasher = new PdqHasher();
        foreach (var (w, h) in new[] { (300, 200), (50, 60), (300, 200), (64, 64), (1000, 3) })
        {
            var pixels = RandomImage(w, h, seed: w + h);
            Assert.Equal(new PdqHasher().Hash(pixels, w, h), hasher.Hash(pixels, w, h));
        }
    }

    [Theory]
    [InlineData(4, 100)]
    [InlineData(100, 4)]
    [InlineData(1, 1)]
    public void Images_under_five_pixels_on_a_side_hash_to_zero_with_quality_zero(int width, int height)
    {
        var result = new PdqHasher().Hash(RandomImage(width, height, 1), width, height);

        Assert.Equal(new PdqResult(PdqHash.Zero, 0), result);
    }

    [Fact]
    public void Too_few_bytes_for_the_dimensions_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => new PdqHasher().Hash(new byte[10], 5, 5));
    }

    [Fact]
    public void A_uniform_image_has_quality_zero()
    {
        var grey = Enumerable.Repeat((byte)128, 100 * 100 * 4).ToArray();

        Assert.Equal(0, new PdqHasher().Hash(grey, 100, 100).Quality);
    }

    public static TheoryData<string, string, string> NativeDihedral()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in TestData.ReadTsv(TestData.Pdq("COMPUTED_native_dihedral.tsv")))
        {
            data.Add(row["file"], row.First(kv => kv.Key.StartsWith("variant", StringComparison.Ordinal)).Value, row["computed_pdq_hex"]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NativeDihedral))]
    public void Dihedral_hashes_are_exact_with_the_reference(string file, string variant, string hex)
    {
        using var image = new ImageDecoder().Decode(File.ReadAllBytes(TestData.Pdq(file)));

        new PdqHasher().Hash(image.Pixels, image.Width, image.Height, PixelLayout.Rgba32, out var dihedral);

        Assert.Equal(hex, dihedral.Get(Enum.Parse<PdqDihedral>(variant, ignoreCase: true)).ToString());
    }

    [Fact]
    public void Rotating_the_pixels_lands_near_the_matching_dihedral_hash()
    {
        // The rotate-90 file of the reference set against the native Rotate90 of the original:
        // the reference vectors put them 0–8 bits apart (resampling differs), far below the match threshold.
        var decoder = new ImageDecoder();
        using var original = decoder.Decode(File.ReadAllBytes(TestData.Pdq("pdq/data/reg-test-input/dih/bridge-1-original.jpg")));
        using var rotated = decoder.Decode(File.ReadAllBytes(TestData.Pdq("pdq/data/reg-test-input/dih/bridge-2-rotate-90.jpg")));
        var hasher = new PdqHasher();

        hasher.Hash(original.Pixels, original.Width, original.Height, PixelLayout.Rgba32, out var dihedral);
        var direct = hasher.Hash(rotated.Pixels, rotated.Width, rotated.Height);

        Assert.InRange(dihedral.Get(PdqDihedral.Rotate90).DistanceTo(direct.Hash), 0, 8);
        Assert.True(dihedral.Get(PdqDihedral.Original).DistanceTo(direct.Hash) > 64);
    }

    internal static byte[] RandomImage(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        random.NextBytes(pixels);
        // Add low-frequency structure so the hash is not pure noise.
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                pixels[i] = (byte)((pixels[i] / 4) + (x * 191 / Math.Max(1, width)));
                pixels[i + 1] = (byte)((pixels[i + 1] / 4) + (y * 191 / Math.Max(1, height)));
            }
        }

        return pixels;
    }
}
