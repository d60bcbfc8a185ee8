using System.Buffers.Binary;
using Aegis.Hashing.Memory;
using System.IO.Compression;

namespace Aegis.Hashing.Imaging;

/// <summary>
/// Decodes 16-bit PNGs to 8-bit RGBA the way Pillow (and so python-threatexchange) reads them.
/// Skia reduces 16-bit samples to 8 bits by rounding before it hands them over, which loses the
/// values Pillow keeps: 16-bit grey is opened as a 16-bit integer image and clipped to 0..255 on
/// conversion (why <c>I16.png</c> has quality 36), and 16-bit colour keeps the high byte.
/// </summary>
internal static class Png16Decoder
{
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    public static void Decode(ReadOnlySpan<byte> png, int width, int height, PngHeader header, Span<byte> rgba)
    {
        var channels = header.ColorType switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            _ => throw Corrupt($"colour type {header.ColorType} cannot be 16-bit"),
        };
        var bytesPerPixel = channels * 2;
        var passes = header.Interlaced ? Adam7 : [(0, 0, 1, 1)];
        var rawLength = RawLength(width, height, header);
        if (rawLength > Array.MaxLength)
        {
            throw new ImageDecodeException(ImageErrorKind.TooLarge, "The 16-bit PNG is too large to decode.");
        }

        using var buffer = new RentedBuffer<byte>((int)rawLength);
        var raw = buffer.Span;
        Inflate(png, raw);
        var offset = 0;
        foreach (var (x0, y0, dx, dy) in passes)
        {
            var (w, h) = PassSize(width, height, x0, y0, dx, dy);
            if (w == 0 || h == 0)
            {
                continue;
            }

            var stride = w * bytesPerPixel;
            var pass = raw.Slice(offset, h * (stride + 1));
            Unfilter(pass, h, stride, bytesPerPixel);
            for (var y = 0; y < h; y++)
            {
                var line = pass.Slice((y * (stride + 1)) + 1, stride);
                for (var x = 0; x < w; x++)
                {
                    var target = rgba.Slice(((((y0 + (y * dy)) * width) + x0 + (x * dx)) * 4), 4);
                    WritePixel(line.Slice(x * bytesPerPixel, bytesPerPixel), channels, target);
                }
            }

            offset += pass.Length;
        }
    }

    /// <summary>The inflated image data: every pass's rows, each a filter byte and its samples (8 bytes a pixel at most).</summary>
    public static long RawLength(int width, int height, PngHeader header)
    {
        var bytesPerPixel = header.ColorType switch { 0 => 2, 4 => 4, 2 => 6, _ => 8 };
        long length = 0;
        foreach (var (x0, y0, dx, dy) in header.Interlaced ? Adam7 : [(0, 0, 1, 1)])
        {
            var (w, h) = PassSize(width, height, x0, y0, dx, dy);
            length += w == 0 ? 0 : h * (1 + ((long)w * bytesPerPixel));
        }

        return length;
    }

    private static void WritePixel(ReadOnlySpan<byte> sample, int channels, Span<byte> target)
    {
        switch (channels)
        {
            case 1:
                // Grey, opened by Pillow as I;16 and clipped on conversion to RGB.
                var grey = (byte)Math.Min(BinaryPrimitives.ReadUInt16BigEndian(sample), (ushort)255);
                target[0] = target[1] = target[2] = grey;
                target[3] = 255;
                break;
            case 2:
                target[0] = target[1] = target[2] = sample[0];
                target[3] = sample[2];
                break;
            default:
                target[0] = sample[0];
                target[1] = sample[2];
                target[2] = sample[4];
                target[3] = channels == 4 ? sample[6] : (byte)255;
                break;
        }
    }

    private static void Inflate(ReadOnlySpan<byte> png, Span<byte> raw)
    {
        using var compressed = new MemoryStream();
        var position = 8;
        while (position + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            var type = png.Slice(position + 4, 4);
            if (length > int.MaxValue || position + 12 + (long)length > png.Length)
            {
                throw Truncated();
            }

            if (type.SequenceEqual("IDAT"u8))
            {
                compressed.Write(png.Slice(position + 8, (int)length));
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            position += 12 + (int)length;
        }

        compressed.Position = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            var read = 0;
            while (read < raw.Length)
            {
                var n = zlib.Read(raw[read..]);
                if (n == 0)
                {
                    throw Truncated();
                }

                read += n;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // zlib reports some corrupt streams as an error code of its own (ZLibException, an IOException; found by the fuzzer).
            throw new ImageDecodeException(ImageErrorKind.Corrupt, "The Png data is corrupt and cannot be decoded.", e);
        }
    }

    private static void Unfilter(Span<byte> pass, int rows, int stride, int bpp)
    {
        Span<byte> previous = stackalloc byte[0];
        for (var y = 0; y < rows; y++)
        {
            var filter = pass[y * (stride + 1)];
            var line = pass.Slice((y * (stride + 1)) + 1, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= bpp ? line[i - bpp] : 0;
                int up = previous.IsEmpty ? 0 : previous[i];
                int upLeft = !previous.IsEmpty && i >= bpp ? previous[i - bpp] : 0;
                line[i] += filter switch
                {
                    0 => 0,
                    1 => (byte)left,
                    2 => (byte)up,
                    3 => (byte)((left + up) >> 1),
                    4 => Paeth(left, up, upLeft),
                    _ => throw Corrupt($"unknown filter type {filter}"),
                };
            }

            previous = line;
        }
    }

    private static byte Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }

    private static (int Width, int Height) PassSize(int width, int height, int x0, int y0, int dx, int dy) =>
        (Math.Max(0, (width - x0 + dx - 1) / dx), Math.Max(0, (height - y0 + dy - 1) / dy));

    private static ImageDecodeException Truncated() =>
        new(ImageErrorKind.Truncated, "The Png data is truncated: it ends before the image does.");

    private static ImageDecodeException Corrupt(string why) =>
        new(ImageErrorKind.Corrupt, $"The Png data is corrupt ({why}).");
}
