using SkiaSharp;

namespace Aegis.Console.Tests.Protect;

/// <summary>Benign stand-in pictures made by the tests (gradients and shapes), and an EXIF orientation written into a JPEG.</summary>
internal static class Pictures
{
    /// <summary>A picture that looks different turned: a diagonal gradient, a bar near the top, a disc at the left.</summary>
    public static SKBitmap Asymmetric(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        using var gradient = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [new SKColor(20, 40, 200), new SKColor(240, 220, 40)], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, width, height, gradient);
        using var dark = new SKPaint { Color = new SKColor(10, 10, 10), IsAntialias = true };
        canvas.DrawRect(width * 0.1f, height * 0.1f, width * 0.8f, height * 0.15f, dark);
        canvas.DrawCircle(width * 0.2f, height * 0.65f, height * 0.2f, dark);
        return bitmap;
    }

    /// <summary>Noise over a gradient, <paramref name="width"/> × <paramref name="height"/> (a phone photo's size and busyness).</summary>
    public static SKBitmap Noisy(int width, int height, int seed)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = ((y * width) + x) * 4;
                var noise = random.Next(-24, 25);
                pixels[at] = (byte)Math.Clamp((x * 255 / width) + noise, 0, 255);
                pixels[at + 1] = (byte)Math.Clamp((y * 255 / height) + noise, 0, 255);
                pixels[at + 2] = (byte)Math.Clamp(((x + y) % 512 / 2) + noise, 0, 255);
                pixels[at + 3] = 255;
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    /// <summary>The bitmap turned 90° clockwise.</summary>
    public static SKBitmap Rotate90(SKBitmap source)
    {
        var turned = new SKBitmap(new SKImageInfo(source.Height, source.Width, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < source.Width; x++)
            {
                turned.SetPixel(source.Height - 1 - y, x, source.GetPixel(x, y));
            }
        }

        return turned;
    }

    /// <summary>The bitmap as a JPEG of quality 92.</summary>
    public static byte[] Jpeg(SKBitmap bitmap, int quality = 92)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment (little-endian TIFF, one IFD entry: Orientation) inserted after SOI.</summary>
    public static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] exif =
        [
            (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, // TIFF header, the IFD at offset 8
            0x01, 0x00, // one entry
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, (byte)orientation, (byte)(orientation >> 8), 0x00, 0x00, // Orientation, SHORT, 1
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        var length = exif.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
