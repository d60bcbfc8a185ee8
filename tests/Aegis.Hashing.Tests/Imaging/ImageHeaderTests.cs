using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Tests.Support;

namespace Aegis.Hashing.Tests.Imaging;

/// <summary>
/// The header read alone: the same size and format decoding gives, and the memory decoding and hashing will hold, so a
/// budget can reserve it before anything the size of the image is allocated.
/// </summary>
public sealed class ImageHeaderTests
{
    private readonly ImageDecoder _decoder = new();

    [Theory]
    [InlineData("png-rgb8.png")]
    [InlineData("png-rgba16-interlaced.png")]
    [InlineData("jpeg-baseline.jpg")]
    [InlineData("jpeg-progressive.jpg")]
    [InlineData("webp-lossless.webp")]
    [InlineData("gif-two-frames.gif")]
    [InlineData("bmp-rgb24.bmp")]
    public void The_header_gives_the_size_and_format_decoding_gives_and_at_least_the_pixels_as_memory(string file)
    {
        var bytes = Fixture(file);

        var header = _decoder.ReadHeader(bytes);

        using var image = _decoder.Decode(bytes);
        Assert.Equal((image.Width, image.Height, image.Format), (header.Width, header.Height, header.Format));
        Assert.True(header.DecodeBytes >= header.Pixels * 4, $"{file}: {header.DecodeBytes} bytes, less than its RGBA");
    }

    [Fact]
    public void A_progressive_jpeg_counts_its_whole_image_of_coefficients_and_a_baseline_one_does_not()
    {
        var baseline = _decoder.ReadHeader(Fixture("jpeg-baseline.jpg"));
        var progressive = _decoder.ReadHeader(Fixture("jpeg-progressive.jpg"));

        // libjpeg holds 2 bytes a sample of each of the 3 components (4:2:0 is counted as if full: an upper bound).
        Assert.True(progressive.DecodeBytes >= (4 + (2 * 3)) * progressive.Pixels, $"progressive: {progressive.DecodeBytes}");
        Assert.True(baseline.DecodeBytes < 5 * baseline.Pixels + (64 * baseline.Width), $"baseline: {baseline.DecodeBytes}");
    }

    [Fact]
    public void A_sixteen_bit_png_counts_its_inflated_rows()
    {
        var header = _decoder.ReadHeader(Fixture("png-rgba16.png"));

        Assert.True(header.DecodeBytes >= (4 + 8) * header.Pixels, $"{header.DecodeBytes}");
    }

    [Fact]
    public void Hashing_needs_at_least_the_two_float_planes_of_pdq()
    {
        var bridge = File.ReadAllBytes(TestData.Pdq("pdq/data/reg-test-input/dih/bridge-1-original.jpg"));

        var needed = new ImageFileHasher().MemoryNeeded(bridge);

        // 1600×1004: two float planes (8 bytes a pixel) and a few rows and columns besides.
        var pixels = 1600L * 1004;
        Assert.InRange(needed, 8 * pixels, (8 * pixels) + (pixels / 2));
    }

    [Fact]
    public void Reading_the_header_of_a_huge_image_is_refused_like_decoding_it()
    {
        var huge = BadImages.Png(100_000, 100_000, bitDepth: 8, colorType: 2, BadImages.Zlib(new byte[100]));

        var error = Assert.Throws<ImageDecodeException>(() => new ImageFileHasher().MemoryNeeded(huge));

        Assert.Equal(ImageErrorKind.TooLarge, error.Kind);
        Assert.Contains("100000×100000", error.Message);
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(TestData.Root, "formats", name));
}
