using Aegis.Hashing.Memory;
using SkiaSharp;

namespace Aegis.Hashing.Imaging;

/// <summary>
/// Decodes JPEG (baseline and progressive), PNG (1–16 bit; grey, grey+alpha, RGB, RGBA, palette),
/// WebP, GIF (first frame) and BMP into 8-bit RGBA through SkiaSharp, with the pixel values
/// python-threatexchange would hash: colour as stored (no colour management, no premultiplied
/// alpha, no EXIF rotation). Thread-safe.
/// </summary>
/// <remarks>
/// 16-bit PNGs follow Pillow, which python-threatexchange uses (see <see cref="Png16Decoder"/>).
/// Palette, CMYK and 1-bit images become real RGB (python-threatexchange hashes their raw indices
/// or ink values, a defect no hash list depends on).
/// </remarks>
public sealed class ImageDecoder
{
    /// <summary>Row buffers the decoders keep besides the image (a few rows of 8 bytes a pixel), as bytes per pixel across.</summary>
    private const int RowAllowance = 64;

    /// <summary>libjpeg's limit on components (MAX_COMPONENTS).</summary>
    private const int MaxJpegComponents = 10;

    private readonly ImageLimits _limits;

    public ImageDecoder(ImageLimits? limits = null)
    {
        _limits = limits ?? ImageLimits.Default;
        _limits.Validate();
    }

    /// <summary>The limits in force.</summary>
    public ImageLimits Limits => _limits;

    /// <summary>
    /// Reads the header alone: the size and format, checked against the limits, and the memory decoding would hold
    /// (so that it can be reserved before any of it is allocated). Nothing the size of the image is allocated.
    /// </summary>
    /// <exception cref="ImageDecodeException">The bytes are not an image within the limits.</exception>
    public unsafe ImageHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        CheckNotEmpty(data);
        fixed (byte* p = data)
        {
            using var skData = SKData.Create((IntPtr)p, data.Length, null, null);
            using var stream = new SKMemoryStream(skData);
            using var codec = SKCodec.Create(stream, out var opened) ?? throw OpenFailed(opened, data);
            return Header(codec, data);
        }
    }

    /// <summary>Decodes <paramref name="data"/>; the caller disposes the result.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not a decodable image within the limits.</exception>
    public unsafe DecodedImage Decode(ReadOnlySpan<byte> data)
    {
        CheckNotEmpty(data);
        fixed (byte* p = data)
        {
            using var skData = SKData.Create((IntPtr)p, data.Length, null, null);
            using var stream = new SKMemoryStream(skData);
            using var codec = SKCodec.Create(stream, out var opened) ?? throw OpenFailed(opened, data);
            var header = Header(codec, data);
            var png = header.Format == ImageFormat.Png ? PngHeader.TryRead(data) : null;
            return png is { IsSixteenBit: true }
                ? DecodeSixteenBit(data, header.Width, header.Height, png.Value)
                : DecodeEightBit(codec, header.Width, header.Height, header.Format);
        }
    }

    private ImageHeader Header(SKCodec codec, ReadOnlySpan<byte> data)
    {
        var format = MapFormat(codec.EncodedFormat);
        var width = codec.Info.Width;
        var height = codec.Info.Height;
        CheckDimensions(width, height, format);
        return new ImageHeader(width, height, format, DecodeBytes(format, width, height, data));
    }

    /// <summary>
    /// The RGBA result, the decoder's working memory for what it must hold whole (measured at 4000×4000: baseline JPEG,
    /// PNG, WebP and BMP hold about their RGBA result alone; a progressive 4:4:4 JPEG 10 bytes a pixel, an interlaced
    /// RGBA PNG 8, a 16-bit RGBA PNG 12.6), and some rows.
    /// </summary>
    private static long DecodeBytes(ImageFormat format, int width, int height, ReadOnlySpan<byte> data)
    {
        var pixels = (long)width * height;
        var working = format switch
        {
            ImageFormat.Jpeg => JpegCoefficientBytes(data, width, height),
            ImageFormat.Png => PngHeader.TryRead(data) switch
            {
                { IsSixteenBit: true } png => Png16Decoder.RawLength(width, height, png) + data.Length, // inflated rows + the IDAT copy
                { Interlaced: false } => 0,
                _ => pixels * 4, // Skia keeps an interlaced PNG whole (at most 4 bytes a pixel at 8 bits) before it hands it over
            },
            ImageFormat.WebP => pixels * 4, // libwebp's ARGB plane for a lossless WebP
            ImageFormat.Gif => pixels * 4, // Wuffs's pixel buffer for the frame
            _ => 0,
        };
        return (pixels * 4) + working + (RowAllowance * (long)width);
    }

    /// <summary>
    /// What libjpeg buffers of a JPEG that it cannot decode row by row: the DCT coefficients, 2 bytes a sample of each
    /// component (counted at full resolution, whole MCUs); markers it cannot follow count as the worst, 4 components.
    /// </summary>
    private static long JpegCoefficientBytes(ReadOnlySpan<byte> data, int width, int height)
    {
        var header = JpegHeader.TryRead(data);
        if (header is { BuffersWholeImage: false })
        {
            return 0;
        }

        var components = header is { Components: >= 1 and <= MaxJpegComponents } known ? known.Components : 4;
        return 2L * components * Align(width, 32) * Align(height, 32);
    }

    private static long Align(long value, int to) => (value + to - 1) / to * to;

    private static void CheckNotEmpty(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new ImageDecodeException(ImageErrorKind.Empty, "The file is empty (0 bytes).");
        }
    }

    private static unsafe DecodedImage DecodeEightBit(SKCodec codec, int width, int height, ImageFormat format)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var buffer = new RentedBuffer<byte>(width * height * 4);
        try
        {
            fixed (byte* dst = buffer.Span)
            {
                Check(codec.GetPixels(info, (IntPtr)dst, width * 4, new SKCodecOptions(0)), format);
            }

            return new DecodedImage(buffer, width, height, format);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static DecodedImage DecodeSixteenBit(ReadOnlySpan<byte> data, int width, int height, PngHeader header)
    {
        var buffer = new RentedBuffer<byte>(width * height * 4);
        try
        {
            Png16Decoder.Decode(data, width, height, header, buffer.Span);
            return new DecodedImage(buffer, width, height, ImageFormat.Png);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private void CheckDimensions(int width, int height, ImageFormat format)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageDecodeException(ImageErrorKind.Corrupt, $"The {format} header declares an empty image ({width}×{height}).");
        }

        var pixels = (long)width * height;
        if (pixels > _limits.MaxPixels)
        {
            throw new ImageDecodeException(
                ImageErrorKind.TooLarge,
                $"The {format} header declares {width}×{height} = {pixels:N0} pixels, over the limit of {_limits.MaxPixels:N0}; not decoded.");
        }
    }

    /// <summary>Throws the <see cref="ImageDecodeException"/> a codec's failure means (truncated, corrupt); nothing on success.</summary>
    internal static void Check(SKCodecResult result, ImageFormat format)
    {
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
                throw new ImageDecodeException(ImageErrorKind.Truncated, $"The {format} data is truncated: it ends before the image does.");
            case SKCodecResult.ErrorInInput:
            case SKCodecResult.InvalidInput:
                throw new ImageDecodeException(ImageErrorKind.Corrupt, $"The {format} data is corrupt and cannot be decoded.");
            default:
                throw new ImageDecodeException(ImageErrorKind.Corrupt, $"The {format} image could not be decoded ({result}).");
        }
    }

    private static ImageDecodeException OpenFailed(SKCodecResult result, ReadOnlySpan<byte> data) =>
        result == SKCodecResult.IncompleteInput && HasImageSignature(data)
        ? new ImageDecodeException(ImageErrorKind.Truncated, "The image is truncated: the file ends inside its header.")
        : new ImageDecodeException(
            ImageErrorKind.UnrecognizedFormat,
            "Not a recognised image: the bytes match no supported format (JPEG, PNG, WebP, GIF, BMP).");

    /// <summary>
    /// Whether the bytes start like a supported format. Skia also answers "incomplete" for a few
    /// random bytes it cannot rule out, which are not a truncated image.
    /// </summary>
    private static bool HasImageSignature(ReadOnlySpan<byte> data) =>
        data.StartsWith([(byte)0xFF, (byte)0xD8, (byte)0xFF]) ||
        data.StartsWith([(byte)0x89, (byte)'P', (byte)'N', (byte)'G']) ||
        data.StartsWith("GIF8"u8) ||
        (data.StartsWith("RIFF"u8) && (data.Length < 12 || data.Slice(8, 4).SequenceEqual("WEBP"u8))) ||
        data.StartsWith("BM"u8);

    private static ImageFormat MapFormat(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
        SKEncodedImageFormat.Png => ImageFormat.Png,
        SKEncodedImageFormat.Webp => ImageFormat.WebP,
        SKEncodedImageFormat.Gif => ImageFormat.Gif,
        SKEncodedImageFormat.Bmp => ImageFormat.Bmp,
        _ => throw new ImageDecodeException(
            ImageErrorKind.UnsupportedFormat,
            $"{format} images are not supported; Aegis hashes JPEG, PNG, WebP, GIF and BMP."),
    };
}
