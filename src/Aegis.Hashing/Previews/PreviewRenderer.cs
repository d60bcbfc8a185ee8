using Aegis.Hashing.Imaging;
using SkiaSharp;

namespace Aegis.Hashing.Previews;

/// <summary>
/// Draws a reviewer's preview of an image: decoded under the same limits as hashing (the header is checked before any
/// pixel is decoded; damaged data is an <see cref="ImageDecodeException"/>), at the smallest size the codec can give
/// that still covers the preview (a JPEG is decoded at 1/2 to 1/8 scale by libjpeg), turned upright by its EXIF
/// orientation, fitted into <see cref="PreviewOptions.MaxLongSide"/>, blurred (a Gaussian), made grey, and encoded as a
/// new JPEG: no byte or metadata of the original file is carried over. Animated GIF and WebP show their first frame;
/// transparency is drawn over mid grey. Pixels that were never blurred are zeroed before their memory is freed.
/// Thread-safe.
/// </summary>
public sealed class PreviewRenderer
{
    /// <summary>What transparent pixels are drawn over: mid grey, so neither dark nor light content on transparency vanishes.</summary>
    internal static readonly SKColor Background = new(0x80, 0x80, 0x80);

    /// <summary>Linear filtering between mipmap levels: no aliasing however far an image is shrunk.</summary>
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>
    /// Bytes a pixel of the preview holds while it is drawn: the upright copy, the blurred one, Skia's blur passes and
    /// the grey copy, 4 bytes each.
    /// </summary>
    private const int BytesPerPreviewPixel = 20;

    private readonly ImageDecoder _decoder;

    public PreviewRenderer(ImageLimits? limits = null)
    {
        _decoder = new ImageDecoder(limits);
    }

    /// <summary>The limits in force.</summary>
    public ImageLimits Limits => _decoder.Limits;

    /// <summary>
    /// The most memory rendering <paramref name="image"/> holds at once, from its header alone: the scaled decode (and
    /// what the decoder buffers whole, such as a progressive JPEG's coefficients) and the preview's copies. For a
    /// <see cref="Memory.DecodeBudget"/> to reserve before rendering.
    /// </summary>
    /// <exception cref="ImageDecodeException">Not an image within the limits (the same error rendering would give).</exception>
    public unsafe long MemoryNeeded(ReadOnlySpan<byte> image, PreviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckSize(image.Length);
        var header = _decoder.ReadHeader(image);
        fixed (byte* p = image)
        {
            using var data = SKData.Create((IntPtr)p, image.Length, null, null);
            using var stream = new SKMemoryStream(data);
            using var codec = SKCodec.Create(stream) ?? throw Unreadable(header.Format);
            var plan = PreviewPlan.For(codec, header.Width, header.Height, options.MaxLongSide);
            return header.DecodeBytes - (4 * header.Pixels) + (4L * plan.DecodeWidth * plan.DecodeHeight) + (BytesPerPreviewPixel * (long)plan.Width * plan.Height);
        }
    }

    /// <summary>Renders <paramref name="image"/> (JPEG, PNG, WebP, GIF or BMP) as a JPEG preview.</summary>
    /// <exception cref="ImageDecodeException">Not a decodable image within the limits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are not valid.</exception>
    public ImagePreview Render(ReadOnlySpan<byte> image, PreviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var drawn = Draw(image, options.MaxLongSide, options);
        return Encode(drawn.Bitmap, options, drawn.SourceWidth, drawn.SourceHeight);
    }

    /// <summary>
    /// Decodes <paramref name="image"/>, turns it upright, fits it into <paramref name="longSide"/> and blurs it as
    /// <paramref name="options"/> say (not grey yet: see <see cref="Encode"/>). The caller disposes the result.
    /// </summary>
    internal unsafe DrawnImage Draw(ReadOnlySpan<byte> image, int longSide, PreviewOptions options)
    {
        CheckSize(image.Length);
        var header = _decoder.ReadHeader(image);
        fixed (byte* p = image)
        {
            using var data = SKData.Create((IntPtr)p, image.Length, null, null);
            using var stream = new SKMemoryStream(data);
            using var codec = SKCodec.Create(stream) ?? throw Unreadable(header.Format);
            var plan = PreviewPlan.For(codec, header.Width, header.Height, longSide);
            var decoded = Decode(codec, plan, header.Format);
            try
            {
                var upright = Upright(decoded, plan);
                return new DrawnImage(options.Blurred ? Blur(upright, options.SigmaFor(Math.Max(plan.Width, plan.Height))) : upright, plan.SourceWidth, plan.SourceHeight);
            }
            finally
            {
                Scrub(decoded);
            }
        }
    }

    /// <summary>Encodes drawn pixels as the preview's JPEG: one grey channel when <see cref="PreviewOptions.Grayscale"/>, else colour (4:2:0).</summary>
    internal static unsafe ImagePreview Encode(SKBitmap bitmap, PreviewOptions options, int sourceWidth, int sourceHeight)
    {
        var jpeg = new SKJpegEncoderOptions(options.Quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        using var pixels = bitmap.PeekPixels();
        if (!options.Grayscale)
        {
            return new ImagePreview(EncodeJpeg(pixels, jpeg), bitmap.Width, bitmap.Height, sourceWidth, sourceHeight);
        }

        using var grey = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        if (!pixels.ReadPixels(grey.Info, grey.GetPixels(), grey.RowBytes))
        {
            throw new InvalidOperationException("Skia could not convert the preview to grey.");
        }

        using var greyPixels = grey.PeekPixels();
        return new ImagePreview(EncodeJpeg(greyPixels, jpeg), bitmap.Width, bitmap.Height, sourceWidth, sourceHeight);
    }

    /// <summary>Zeroes a bitmap's pixels and frees it: pixels that were never blurred do not linger in freed memory.</summary>
    internal static unsafe void Scrub(SKBitmap bitmap)
    {
        if (bitmap.GetPixels() is var pixels && pixels != IntPtr.Zero)
        {
            new Span<byte>((void*)pixels, bitmap.ByteCount).Clear();
        }

        bitmap.Dispose();
    }

    private static byte[] EncodeJpeg(SKPixmap pixels, SKJpegEncoderOptions options)
    {
        using var data = pixels.Encode(options) ?? throw new InvalidOperationException("Skia could not encode the preview as JPEG.");
        return data.ToArray();
    }

    private static SKBitmap Decode(SKCodec codec, PreviewPlan plan, ImageFormat format)
    {
        var info = new SKImageInfo(plan.DecodeWidth, plan.DecodeHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = Allocate(info);
        try
        {
            ImageDecoder.Check(codec.GetPixels(info, bitmap.GetPixels(), bitmap.RowBytes, new SKCodecOptions(0)), format);
            return bitmap;
        }
        catch
        {
            Scrub(bitmap);
            throw;
        }
    }

    /// <summary>The decoded pixels drawn upright at the preview's size, over <see cref="Background"/>.</summary>
    private static SKBitmap Upright(SKBitmap decoded, PreviewPlan plan)
    {
        var upright = Allocate(new SKImageInfo(plan.Width, plan.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(upright);
        canvas.Clear(Background);
        canvas.SetMatrix(plan.Orientation());
        var (width, height) = plan.SwapsAxes ? (plan.Height, plan.Width) : (plan.Width, plan.Height);
        decoded.SetImmutable(); // shared with the image below, not copied
        using var image = SKImage.FromBitmap(decoded);
        canvas.DrawImage(image, SKRect.Create(width, height), Sampling, null);
        canvas.Flush();
        return upright;
    }

    /// <summary>A Gaussian blur of <paramref name="sigma"/> pixels; edges are extended (not faded to black). Scrubs and frees the unblurred bitmap.</summary>
    private static SKBitmap Blur(SKBitmap upright, float sigma)
    {
        try
        {
            var blurred = Allocate(upright.Info);
            using var canvas = new SKCanvas(blurred);
            using var filter = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp);
            using var paint = new SKPaint { ImageFilter = filter };
            canvas.Clear(Background);
            upright.SetImmutable(); // drawn from where it is, not copied
            canvas.DrawBitmap(upright, 0, 0, SKSamplingOptions.Default, paint);
            canvas.Flush();
            return blurred;
        }
        finally
        {
            Scrub(upright);
        }
    }

    private static SKBitmap Allocate(SKImageInfo info)
    {
        var bitmap = new SKBitmap(info);
        if (bitmap.GetPixels() == IntPtr.Zero)
        {
            bitmap.Dispose();
            throw new OutOfMemoryException($"Skia could not allocate {info.Width}×{info.Height} pixels for a preview.");
        }

        return bitmap;
    }

    private void CheckSize(long bytes)
    {
        if (bytes > Limits.MaxFileBytes)
        {
            throw new ImageDecodeException(ImageErrorKind.FileTooLarge, $"The file is {bytes:N0} bytes, over the limit of {Limits.MaxFileBytes:N0}; not read.");
        }
    }

    private static ImageDecodeException Unreadable(ImageFormat format) =>
        new(ImageErrorKind.Corrupt, $"The {format} data is corrupt and cannot be decoded.");
}
