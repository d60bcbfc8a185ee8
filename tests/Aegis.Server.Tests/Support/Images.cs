using SkiaSharp;

namespace Aegis.Server.Tests.Support;

/// <summary>Benign test images made at test time.</summary>
internal static class Images
{
    /// <summary>A near-duplicate of an image: scaled to 80% and re-encoded as a lower-quality JPEG (new bytes, close PDQ).</summary>
    public static byte[] NearCopy(string path) => NearCopy(File.ReadAllBytes(path));

    /// <summary>A near-duplicate of encoded image bytes.</summary>
    public static byte[] NearCopy(byte[] encoded)
    {
        using var original = SKBitmap.Decode(encoded);
        var info = new SKImageInfo(original.Width * 4 / 5, original.Height * 4 / 5);
        using var scaled = original.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        using var image = SKImage.FromBitmap(scaled);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 60);
        return data.ToArray();
    }

    /// <summary>A picture of random coloured blocks: unrelated to any sample.</summary>
    public static byte[] Unrelated(int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(320, 240);
        using (var canvas = new SKCanvas(bitmap))
        {
            for (var i = 0; i < 40; i++)
            {
                using var paint = new SKPaint { Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)) };
                canvas.DrawRect(random.Next(320), random.Next(240), random.Next(20, 160), random.Next(20, 120), paint);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A PNG of one grey (<paramref name="level"/>): nothing for PDQ to see, quality 0.</summary>
    public static byte[] Plain(int width, int height, byte level = 128) => Png(width, height, (_, _) => level);

    /// <summary>A PNG checkerboard of black and white squares of <paramref name="cell"/> pixels.</summary>
    public static byte[] Checkerboard(int width, int height, int cell = 1) => Png(width, height, (x, y) => ((x / cell) + (y / cell)) % 2 == 0 ? (byte)0 : (byte)255);

    private static byte[] Png(int width, int height, Func<int, int, byte> grey)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var level = grey(x, y);
                bitmap.SetPixel(x, y, new SKColor(level, level, level));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
