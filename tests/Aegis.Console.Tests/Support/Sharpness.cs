using SkiaSharp;

namespace Aegis.Console.Tests.Support;

/// <summary>
/// How much fine detail a picture has: the mean squared Laplacian of its luma (each pixel against its four neighbours).
/// Edges and texture make it large; a blur takes it to nearly nothing. Comparing a picture the browser was sent with the
/// original drawn at the same size says whether what was shown was blurred.
/// </summary>
public static class Sharpness
{
    /// <summary>The detail of an encoded picture, at its own size.</summary>
    public static double Of(byte[] encoded)
    {
        using var bitmap = Decode(encoded);
        return Of(bitmap);
    }

    /// <summary>The detail of an encoded picture drawn at <paramref name="width"/>×<paramref name="height"/> (as another picture it is compared with).</summary>
    public static double Of(byte[] encoded, int width, int height)
    {
        using var bitmap = Decode(encoded);
        using var sized = bitmap.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        return Of(sized);
    }

    /// <summary>An encoded picture's width and height.</summary>
    public static (int Width, int Height) Size(byte[] encoded)
    {
        using var bitmap = Decode(encoded);
        return (bitmap.Width, bitmap.Height);
    }

    private static SKBitmap Decode(byte[] encoded) =>
        SKBitmap.Decode(encoded) ?? throw new ArgumentException($"Not a picture Skia can decode ({encoded.Length} bytes).", nameof(encoded));

    private static double Of(SKBitmap bitmap)
    {
        var (w, h) = (bitmap.Width, bitmap.Height);
        var luma = new double[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var c = bitmap.GetPixel(x, y);
                luma[(y * w) + x] = (0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue);
            }
        }

        var sum = 0.0;
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var i = (y * w) + x;
                var laplacian = luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - (4 * luma[i]);
                sum += laplacian * laplacian;
            }
        }

        return sum / Math.Max(1, (w - 2) * (h - 2));
    }
}
