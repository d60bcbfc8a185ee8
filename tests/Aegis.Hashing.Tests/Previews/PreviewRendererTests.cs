using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Previews;
using Aegis.Hashing.Tests.Imaging;
using Aegis.Hashing.Tests.Support;
using SkiaSharp;

namespace Aegis.Hashing.Tests.Previews;

/// <summary>
/// A reviewer's preview of an image: blurred so that detail is gone (measured, and by PDQ), grey, fitted, upright, a
/// fresh JPEG; hostile input refused as hashing refuses it. Benign images only (the PDQ reference photos).
/// </summary>
public sealed class PreviewRendererTests
{
    /// <summary>
    /// Most of the unblurred preview's high-frequency energy the default blur may leave. Measured on the bridge photo:
    /// 0.18% at the default (σ 32), 0.27% at σ 24, 0.49% at σ 16, 1.4% at σ 8; so 0.3% fails a blur half as strong.
    /// </summary>
    private const double MaxHighFrequencyShare = 0.003;

    /// <summary>
    /// How far (bits) the default preview's PDQ hash must be from the photo's. Banks match at 31 bits or fewer; measured:
    /// 66 at the default blur (σ 32), 42 at σ 24, 10 at σ 16, 6 at σ 8. 50 holds well clear of any match threshold and
    /// fails for a blur a quarter weaker.
    /// </summary>
    private const int MinPdqDistanceFromOriginal = 50;

    /// <summary>An unblurred, colour preview is the photo made smaller: PDQ barely moves (measured: 8 bits).</summary>
    private const int MaxPdqDistanceUnblurred = 16;

    private static readonly byte[] Bridge = File.ReadAllBytes(TestData.Pdq("pdq/data/reg-test-input/dih/bridge-1-original.jpg"));

    private readonly PreviewRenderer _renderer = new();

    [Fact]
    public void The_default_preview_blurs_away_the_detail()
    {
        var blurred = _renderer.Render(Bridge, PreviewOptions.Default);
        var sharp = _renderer.Render(Bridge, PreviewOptions.Default with { BlurSigma = 0 });

        Assert.Equal((sharp.Width, sharp.Height), (blurred.Width, blurred.Height));
        var share = HighFrequencyEnergy(blurred) / HighFrequencyEnergy(sharp);
        Assert.True(share < MaxHighFrequencyShare, $"the blurred preview kept {share:P2} of the detail");
    }

    [Fact]
    public void A_stronger_blur_leaves_less_detail()
    {
        var energies = new[] { 4.0, 16, 64 }.Select(sigma => HighFrequencyEnergy(_renderer.Render(Bridge, PreviewOptions.Default with { BlurSigma = sigma }))).ToList();

        Assert.True(energies[0] > energies[1] && energies[1] > energies[2], string.Join(", ", energies));
    }

    [Fact]
    public void A_blurred_preview_no_longer_matches_the_photo_by_pdq()
    {
        var hasher = new ImageFileHasher();
        var original = hasher.Hash(Bridge).Pdq.Hash;

        var blurred = hasher.Hash(_renderer.Render(Bridge, PreviewOptions.Default).Jpeg.Span).Pdq.Hash;
        var revealed = hasher.Hash(_renderer.Render(Bridge, PreviewOptions.Revealed).Jpeg.Span).Pdq.Hash;

        Assert.True(original.DistanceTo(blurred) >= MinPdqDistanceFromOriginal, $"blurred preview is {original.DistanceTo(blurred)} bits from the photo");
        Assert.True(original.DistanceTo(revealed) <= MaxPdqDistanceUnblurred, $"unblurred preview is {original.DistanceTo(revealed)} bits from the photo");
    }

    [Fact]
    public void A_grayscale_preview_is_grey_in_every_pixel_and_a_colour_one_is_not()
    {
        var grey = Decode(_renderer.Render(Bridge, PreviewOptions.Default with { BlurSigma = 0 }).Jpeg);
        var colour = Decode(_renderer.Render(Bridge, PreviewOptions.Revealed).Jpeg);

        for (var i = 0; i < grey.Length; i += 4)
        {
            Assert.True(grey[i] == grey[i + 1] && grey[i + 1] == grey[i + 2], $"pixel {i / 4} is ({grey[i]}, {grey[i + 1]}, {grey[i + 2]})");
        }

        Assert.Contains(Enumerable.Range(0, colour.Length / 4), i => Math.Abs(colour[4 * i] - colour[(4 * i) + 2]) > 20);
    }

    [Theory]
    [InlineData(640, 640, 402)]
    [InlineData(200, 200, 126)]
    [InlineData(4096, 1600, 1004)] // never enlarged
    public void The_preview_fits_its_long_side_and_keeps_the_shape(int longSide, int width, int height)
    {
        var preview = _renderer.Render(Bridge, PreviewOptions.Default with { MaxLongSide = longSide });

        Assert.Equal((width, height, 1600, 1004), (preview.Width, preview.Height, preview.SourceWidth, preview.SourceHeight));
        using var decoded = new ImageDecoder().Decode(preview.Jpeg.Span);
        Assert.Equal((ImageFormat.Jpeg, width, height), (decoded.Format, decoded.Width, decoded.Height));
    }

    [Fact]
    public void A_twelve_megapixel_photo_is_decoded_at_a_fraction_of_its_size()
    {
        var photo = File.ReadAllBytes(TestData.Pdq("pdq/data/reg-test-input/exif-rotn/exif-rotn-1.jpg"));
        var fullDecode = new ImageDecoder().ReadHeader(photo).DecodeBytes;

        var needed = _renderer.MemoryNeeded(photo, PreviewOptions.Default);

        // libjpeg decodes at 1/4 scale (1008×756), not 4032×3024: about a fifth of the memory.
        Assert.True(needed < fullDecode / 4, $"{needed:N0} bytes for a preview against {fullDecode:N0} to decode it whole");
        var preview = _renderer.Render(photo, PreviewOptions.Default);
        Assert.Equal((640, 480, 4032, 3024), (preview.Width, preview.Height, preview.SourceWidth, preview.SourceHeight));
    }

    [Theory]
    [InlineData(6)] // a phone held upright: stored on its side, turned a quarter clockwise
    [InlineData(8)] // turned a quarter anticlockwise
    public void A_photo_is_shown_upright_by_its_exif_orientation(int orientation)
    {
        var upright = File.ReadAllBytes(TestData.Pdq("pdq/data/reg-test-input/exif-rotn/exif-rotn-1.jpg"));
        var turned = File.ReadAllBytes(TestData.Pdq($"pdq/data/reg-test-input/exif-rotn/exif-rotn-{orientation}.jpg"));
        var options = PreviewOptions.Default with { BlurSigma = 0, MaxLongSide = 64 };

        var a = _renderer.Render(upright, options);
        var b = _renderer.Render(turned, options);

        Assert.Equal((64, 48), (a.Width, a.Height));
        Assert.Equal((48, 64), (b.Width, b.Height));
        Assert.Equal((3024, 4032), (b.SourceWidth, b.SourceHeight));

        // Turned by hand the way the tag says, the stored pixels look like the preview; turned the other way, they do not.
        Assert.True(MeanDifference(Decode(b.Jpeg), Decode(Rotated(turned, orientation, options))) < MeanDifference(Decode(b.Jpeg), Decode(Rotated(turned, 14 - orientation, options))));
    }

    [Fact]
    public void The_preview_is_a_new_jpeg_that_carries_nothing_of_the_file()
    {
        // The exif-rotn photos carry a camera's EXIF: make, model, GPS.
        var photo = File.ReadAllBytes(TestData.Pdq("pdq/data/reg-test-input/exif-rotn/exif-rotn-1.jpg"));
        Assert.True(photo.AsSpan().IndexOf("samsung"u8) >= 0);

        var preview = _renderer.Render(photo, PreviewOptions.Revealed).Jpeg.ToArray();

        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, preview[..3]);
        Assert.Equal(-1, preview.AsSpan().IndexOf("Exif"u8));
        Assert.Equal(-1, preview.AsSpan().IndexOf("samsung"u8));
        var png = _renderer.Render(BadImages.Png(50, 40), PreviewOptions.Default).Jpeg.ToArray();
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, png[..3]);
    }

    [Fact]
    public void Transparent_pixels_are_drawn_over_mid_grey()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(40, 30, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(SKColors.Transparent);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var pixels = Decode(_renderer.Render(data.ToArray(), PreviewOptions.Revealed).Jpeg);

        Assert.All(Enumerable.Range(0, pixels.Length / 4), i => Assert.InRange(pixels[4 * i], 126, 130));
    }

    [Fact]
    public void An_animated_gif_shows_its_first_frame()
    {
        var gif = File.ReadAllBytes(Path.Combine(TestData.Root, "formats", "gif-two-frames.gif"));
        var firstFrame = File.ReadAllBytes(Path.Combine(TestData.Root, "formats", "gif-two-frames.rgba"));
        using var bitmap = new SKBitmap(new SKImageInfo(37, 29, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(firstFrame, 0, bitmap.GetPixels(), firstFrame.Length);
        using var firstFramePng = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var preview = _renderer.Render(gif, PreviewOptions.Revealed);

        Assert.Equal((37, 29), (preview.Width, preview.Height));
        Assert.Equal(Decode(_renderer.Render(firstFramePng.ToArray(), PreviewOptions.Revealed).Jpeg), Decode(preview.Jpeg));
    }

    // ---- hostile input, refused as hashing refuses it -------------------------------------------

    [Fact]
    public void A_header_declaring_a_huge_image_is_refused_before_decoding()
    {
        var png = BadImages.Png(100_000, 100_000, bitDepth: 8, colorType: 2, BadImages.Zlib(new byte[100]));

        var error = Assert.Throws<ImageDecodeException>(() => _renderer.Render(png, PreviewOptions.Default));
        Assert.Equal(ImageErrorKind.TooLarge, error.Kind);
        Assert.Contains("100000×100000", error.Message, StringComparison.Ordinal);
        Assert.Equal(ImageErrorKind.TooLarge, Assert.Throws<ImageDecodeException>(() => _renderer.MemoryNeeded(png, PreviewOptions.Default)).Kind);
        Assert.Equal(ImageErrorKind.TooLarge, Assert.Throws<ImageDecodeException>(() => new PreviewRenderer(new ImageLimits { MaxPixels = 10_000 }).Render(Bridge, PreviewOptions.Default)).Kind);
    }

    [Fact]
    public void Empty_unrecognised_truncated_and_oversized_files_are_clear_errors()
    {
        Assert.Equal(ImageErrorKind.Empty, Assert.Throws<ImageDecodeException>(() => _renderer.Render([], PreviewOptions.Default)).Kind);
        Assert.Equal(ImageErrorKind.UnrecognizedFormat, Assert.Throws<ImageDecodeException>(() => _renderer.Render("{\"text\": \"a message\"}"u8, PreviewOptions.Default)).Kind);
        Assert.Equal(ImageErrorKind.Truncated, Assert.Throws<ImageDecodeException>(() => _renderer.Render(Bridge.AsSpan(0, Bridge.Length / 2), PreviewOptions.Default)).Kind);
        Assert.Equal(ImageErrorKind.FileTooLarge, Assert.Throws<ImageDecodeException>(() => new PreviewRenderer(new ImageLimits { MaxFileBytes = 1000 }).Render(Bridge, PreviewOptions.Default)).Kind);
    }

    [Fact]
    public void Overwritten_image_data_renders_or_fails_cleanly_never_otherwise()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var damaged = (byte[])Bridge.Clone();
            new Random(seed).NextBytes(damaged.AsSpan(Bridge.Length / 4, 2000 + (seed * 500)));
            try
            {
                Assert.True(_renderer.Render(damaged, PreviewOptions.Default).Jpeg.Length > 0);
            }
            catch (ImageDecodeException e)
            {
                Assert.NotEmpty(e.Message);
            }
        }
    }

    [Theory]
    [InlineData(-1, 640, 80, "BlurSigma")]
    [InlineData(201, 640, 80, "BlurSigma")]
    [InlineData(double.NaN, 640, 80, "BlurSigma")]
    [InlineData(32, 10, 80, "MaxLongSide")]
    [InlineData(32, 5000, 80, "MaxLongSide")]
    [InlineData(32, 640, 0, "Quality")]
    public void Options_out_of_range_are_refused_by_name(double sigma, int longSide, int quality, string name)
    {
        var options = new PreviewOptions { BlurSigma = sigma, MaxLongSide = longSide, Quality = quality };

        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => _renderer.Render(Bridge, options)).ParamName);
    }

    /// <summary>The mean squared difference between neighbouring pixels' luma, across and down: the detail in a picture.</summary>
    internal static double HighFrequencyEnergy(ImagePreview preview)
    {
        var pixels = Decode(preview.Jpeg);
        int width = preview.Width, height = preview.Height;
        double sum = 0;
        for (var y = 0; y < height - 1; y++)
        {
            for (var x = 0; x < width - 1; x++)
            {
                var here = pixels[((y * width) + x) * 4];
                var right = pixels[((y * width) + x + 1) * 4];
                var below = pixels[(((y + 1) * width) + x) * 4];
                sum += ((here - right) * (here - right)) + ((here - below) * (here - below));
            }
        }

        return sum / ((width - 1) * (height - 1));
    }

    /// <summary>RGBA of an encoded image.</summary>
    internal static byte[] Decode(ReadOnlyMemory<byte> encoded)
    {
        using var image = new ImageDecoder().Decode(encoded.Span);
        return image.Pixels.ToArray();
    }

    /// <summary>The mean absolute difference of two RGBA buffers of one size, per channel.</summary>
    internal static double MeanDifference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Average();
    }

    /// <summary>The photo decoded as stored (EXIF ignored), then turned by hand as orientation <paramref name="orientation"/> says (6 or 8).</summary>
    private static byte[] Rotated(byte[] jpeg, int orientation, PreviewOptions options)
    {
        using var stored = SKBitmap.Decode(jpeg);
        using var turned = new SKBitmap(new SKImageInfo(stored.Height, stored.Width, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(turned))
        {
            canvas.Translate(orientation == 6 ? stored.Height : 0, orientation == 6 ? 0 : stored.Width);
            canvas.RotateDegrees(orientation == 6 ? 90 : -90);
            using var image = SKImage.FromBitmap(stored);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default, null);
        }

        using var png = turned.Encode(SKEncodedImageFormat.Png, 100);
        return new PreviewRenderer().Render(png.ToArray(), options).Jpeg.ToArray();
    }
}
