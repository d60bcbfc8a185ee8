using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Tests.Support;

namespace Aegis.Hashing.Tests.Imaging;

/// <summary>
/// Decodes the synthetic fixtures in tests/data/formats (made by make_fixtures.py there) and
/// compares the pixels with the expectations the script computed from the source arrays.
/// </summary>
public sealed class ImageDecoderFormatTests
{
    private const int Width = 37;
    private const int Height = 29;

    private readonly ImageDecoder _decoder = new();

    public static TheoryData<string, ImageFormat> LosslessFixtures() => new()
    {
        { "png-grey8.png", ImageFormat.Png },
        { "png-greyalpha8.png", ImageFormat.Png },
        { "png-rgb8.png", ImageFormat.Png },
        { "png-rgba8.png", ImageFormat.Png },
        { "png-palette.png", ImageFormat.Png },
        { "png-palette-trns.png", ImageFormat.Png },
        { "png-1bit.png", ImageFormat.Png },
        { "png-grey16.png", ImageFormat.Png },
        { "png-grey16-interlaced.png", ImageFormat.Png },
        { "png-greyalpha16.png", ImageFormat.Png },
        { "png-rgb16.png", ImageFormat.Png },
        { "png-rgba16.png", ImageFormat.Png },
        { "png-rgba16-interlaced.png", ImageFormat.Png },
        { "webp-lossless.webp", ImageFormat.WebP },
        { "gif-two-frames.gif", ImageFormat.Gif },
        { "bmp-rgb24.bmp", ImageFormat.Bmp },
    };

    [Theory]
    [MemberData(nameof(LosslessFixtures))]
    public void Lossless_fixture_decodes_to_exactly_the_expected_pixels(string file, ImageFormat format)
    {
        var expected = Expected(file);

        using var image = _decoder.Decode(Fixture(file));

        Assert.Equal(format, image.Format);
        Assert.Equal(Width, image.Width);
        Assert.Equal(Height, image.Height);
        AssertPixelsEqual(expected, image.Pixels);
    }

    [Fact]
    public void Fixtures_are_not_trivial()
    {
        // The expectations must be able to tell decoders apart: not flat, alpha varied where the
        // format has it, and coloured pixels under alpha 0 (which premultiplication would zero).
        var rgba = Expected("png-rgba8.png");
        var alphas = new HashSet<byte>();
        var colouredTransparent = 0;
        for (var i = 0; i < rgba.Length; i += 4)
        {
            alphas.Add(rgba[i + 3]);
            if (rgba[i + 3] == 0 && (rgba[i] | rgba[i + 1] | rgba[i + 2]) != 0)
            {
                colouredTransparent++;
            }
        }

        Assert.True(alphas.Count > 100, $"only {alphas.Count} alpha values");
        Assert.True(colouredTransparent > 100, $"only {colouredTransparent} coloured transparent pixels");

        // 16-bit grey: clipped values of 255 and unclipped ones below it.
        var grey16 = Expected("png-grey16.png");
        var clipped = 0;
        var below = new HashSet<byte>();
        for (var i = 0; i < grey16.Length; i += 4)
        {
            if (grey16[i] == 255)
            {
                clipped++;
            }
            else
            {
                below.Add(grey16[i]);
            }
        }

        Assert.True(clipped > 100 && below.Count > 50, $"{clipped} clipped, {below.Count} distinct below 255");

        // The GIF's first frame uses its whole palette (make_fixtures.py checks that the second
        // frame differs from it on over three quarters of the pixels).
        var gif = Expected("gif-two-frames.gif");
        var colours = new HashSet<int>();
        for (var i = 0; i < gif.Length; i += 4)
        {
            colours.Add((gif[i] << 16) | (gif[i + 1] << 8) | gif[i + 2]);
        }

        Assert.Equal(24, colours.Count);
    }

    [Fact]
    public void Sixteen_bit_grey_is_clipped_to_255_not_scaled_down()
    {
        // Independent of the .rgba file: scaling 0..65535 down to 0..255 (v / 257, what Skia does)
        // would make no pixel of this fixture (samples up to 30,962) brighter than 120, while
        // clipping makes every sample over 255 white and keeps the small ones as they are.
        using var image = _decoder.Decode(Fixture("png-grey16.png"));

        var pixels = image.Pixels;
        var white = 0;
        var distinct = new HashSet<byte>();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            Assert.True(pixels[i] == pixels[i + 1] && pixels[i] == pixels[i + 2], $"pixel {i / 4} is not grey");
            Assert.Equal(255, pixels[i + 3]);
            white += pixels[i] == 255 ? 1 : 0;
            distinct.Add(pixels[i]);
        }

        Assert.True(white > 100, $"only {white} grey pixels are 255");
        Assert.True(distinct.Count > 50, $"only {distinct.Count} distinct grey levels");
    }

    [Fact]
    public void Interlaced_sixteen_bit_png_decodes_like_the_non_interlaced_one()
    {
        using var plain = _decoder.Decode(Fixture("png-grey16.png"));
        using var interlaced = _decoder.Decode(Fixture("png-grey16-interlaced.png"));

        Assert.NotEqual(Fixture("png-grey16.png"), Fixture("png-grey16-interlaced.png"));
        AssertPixelsEqual(plain.Pixels.ToArray(), interlaced.Pixels);
    }

    [Fact]
    public void Gif_decodes_its_first_frame_not_its_second()
    {
        var first = Expected("gif-two-frames.gif");

        using var image = _decoder.Decode(Fixture("gif-two-frames.gif"));

        Assert.Equal(ImageFormat.Gif, image.Format);
        AssertPixelsEqual(first, image.Pixels);

        // Frame 1 is the palette picture; the PNG of the same indices and palette must match it.
        AssertPixelsEqual(Expected("png-palette.png"), image.Pixels);
    }

    [Fact]
    public void Progressive_and_baseline_jpeg_decode_to_identical_pixels_and_pdq()
    {
        var baselineBytes = Fixture("jpeg-baseline.jpg");
        var progressiveBytes = Fixture("jpeg-progressive.jpg");
        Assert.True(IsProgressive(progressiveBytes), "jpeg-progressive.jpg has no SOF2 marker");
        Assert.False(IsProgressive(baselineBytes), "jpeg-baseline.jpg has a SOF2 marker");

        using var baseline = _decoder.Decode(baselineBytes);
        using var progressive = _decoder.Decode(progressiveBytes);

        Assert.Equal(ImageFormat.Jpeg, baseline.Format);
        Assert.Equal(ImageFormat.Jpeg, progressive.Format);
        Assert.Equal((Width, Height), (baseline.Width, baseline.Height));
        Assert.Equal((Width, Height), (progressive.Width, progressive.Height));
        AssertPixelsEqual(baseline.Pixels.ToArray(), progressive.Pixels);

        var hasher = new PdqHasher();
        var baselinePdq = hasher.Hash(baseline.Pixels, baseline.Width, baseline.Height);
        var progressivePdq = hasher.Hash(progressive.Pixels, progressive.Width, progressive.Height);
        Assert.Equal(baselinePdq.Hash, progressivePdq.Hash);
        Assert.Equal(baselinePdq.Quality, progressivePdq.Quality);
    }

    [Theory]
    [InlineData("jpeg-baseline.jpg")]
    [InlineData("jpeg-progressive.jpg")]
    public void Jpeg_decodes_close_to_its_source(string file)
    {
        var source = Expected("jpeg-source.jpg");

        using var image = _decoder.Decode(Fixture(file));

        var pixels = image.Pixels;
        Assert.Equal(source.Length, pixels.Length);
        long error = 0;
        var worst = 0;
        for (var i = 0; i < pixels.Length; i += 4)
        {
            for (var c = 0; c < 3; c++)
            {
                var d = Math.Abs(pixels[i + c] - source[i + c]);
                error += d;
                worst = Math.Max(worst, d);
            }

            Assert.Equal(255, pixels[i + 3]);
        }

        var mean = (double)error / (Width * Height * 3);
        Assert.True(mean < 3.0, $"{file}: mean absolute error {mean:F2} against the source (worst {worst})");
        Assert.True(worst < 40, $"{file}: worst channel error {worst}");
    }

    [Fact]
    public void Format_is_detected_from_content_not_name()
    {
        var png = Fixture("png-rgb8.png");
        var directory = Directory.CreateTempSubdirectory("aegis-format-");
        try
        {
            var misnamed = Path.Combine(directory.FullName, "really-a-png.jpg");
            File.WriteAllBytes(misnamed, png);

            var hasher = new ImageFileHasher();
            var fromPng = hasher.HashFile(Path.Combine(TestData.Root, "formats", "png-rgb8.png"));
            var fromJpg = hasher.HashFile(misnamed);

            Assert.Equal(ImageFormat.Png, fromJpg.Format);
            Assert.Equal(fromPng.Pdq, fromJpg.Pdq);
            Assert.Equal(fromPng.Digests, fromJpg.Digests);
            Assert.Equal((Width, Height), (fromJpg.Width, fromJpg.Height));

            using var image = _decoder.Decode(File.ReadAllBytes(misnamed));
            Assert.Equal(ImageFormat.Png, image.Format);
            AssertPixelsEqual(Expected("png-rgb8.png"), image.Pixels);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static byte[] Fixture(string file) => File.ReadAllBytes(Path.Combine(TestData.Root, "formats", file));

    private static byte[] Expected(string file)
    {
        var bytes = Fixture(Path.ChangeExtension(file, ".rgba"));
        Assert.Equal(Width * Height * 4, bytes.Length);
        return bytes;
    }

    private static bool IsProgressive(ReadOnlySpan<byte> jpeg)
    {
        // Walk the marker segments up to the start of scan, looking for SOF2.
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            if (marker == 0xC2)
            {
                return true;
            }

            if (marker == 0xDA)
            {
                return false;
            }

            i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        }

        return false;
    }

    /// <summary>Byte-for-byte equality, reporting the first differing pixel rather than two 4 KB arrays.</summary>
    private static void AssertPixelsEqual(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var differing = 0;
        var first = -1;
        for (var i = 0; i < expected.Length; i += 4)
        {
            if (!expected.Slice(i, 4).SequenceEqual(actual.Slice(i, 4)))
            {
                differing++;
                first = first < 0 ? i : first;
            }
        }

        if (differing > 0)
        {
            var p = first / 4;
            Assert.Fail(
                $"{differing} of {expected.Length / 4} pixels differ; first at (x {p % Width}, y {p / Width}): " +
                $"expected RGBA {Show(expected.Slice(first, 4))}, got {Show(actual.Slice(first, 4))}");
        }
    }

    private static string Show(ReadOnlySpan<byte> px) => $"({px[0]}, {px[1]}, {px[2]}, {px[3]})";
}
