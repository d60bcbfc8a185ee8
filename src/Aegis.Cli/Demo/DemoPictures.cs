using SkiaSharp;

namespace Aegis.Cli.Demo;

/// <summary>
/// The demo's pictures, all benign: two sample photographs embedded in the executable (<c>samples/images</c>, from
/// facebook/ThreatExchange's PDQ test data, BSD licence, see <c>samples/NOTICE</c>) that stand in for known material
/// in the stand-in banks, and abstract pictures drawn here for everyday posts.
/// </summary>
internal static class DemoPictures
{
    /// <summary>A photograph of a bridge (1600×1004, 361 KB): the stand-in for known material that the gate blocks.</summary>
    public const string Bridge = "bridge.jpg";

    /// <summary>A small photograph (34×42, 14 KB): the stand-in for material a partner's list holds for review.</summary>
    public const string Wee = "wee.jpg";

    private const int Width = 480;
    private const int Height = 320;

    /// <summary>An embedded sample photograph's bytes.</summary>
    public static byte[] Sample(string name)
    {
        using var stream = typeof(DemoPictures).Assembly.GetManifestResourceStream($"Aegis.Cli.Demo.{name}")
            ?? throw new InvalidOperationException($"The demo picture {name} is not embedded in the executable.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// What a platform's upload pipeline makes of a picture: scaled to half and re-encoded. New bytes (no digest matches),
    /// nearly the same PDQ hash: a perceptual match at a small distance.
    /// </summary>
    public static byte[] Reencoded(byte[] encoded)
    {
        using var original = SKBitmap.Decode(encoded);
        using var scaled = original.Resize(new SKImageInfo(original.Width / 2, original.Height / 2), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        using var image = SKImage.FromBitmap(scaled);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    /// <summary>
    /// An abstract picture (a gradient and coloured shapes, 480×320 JPEG, about 20 KB) made from <paramref name="seed"/>:
    /// the same seed gives the same picture, and different seeds give pictures far apart in PDQ (no false copies).
    /// </summary>
    public static byte[] Drawn(int seed)
    {
        // Seeded Random is the same sequence on every run and .NET version: the platform serves the same bytes each start.
        var random = new Random(seed);
        using var bitmap = new SKBitmap(Width, Height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(
                    new SKPoint(0, 0), new SKPoint(random.Next(Width), Height), [Colour(random), Colour(random)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, Width, Height, sky);
            for (var i = 0; i < 14; i++)
            {
                using var paint = new SKPaint { Color = Colour(random).WithAlpha((byte)random.Next(120, 256)), IsAntialias = true };
                var (x, y, size) = (random.Next(Width), random.Next(Height), random.Next(20, 110));
                if (random.Next(2) == 0)
                {
                    canvas.DrawCircle(x, y, size, paint);
                }
                else
                {
                    canvas.DrawRoundRect(x - size, y - (size / 2), size * 2, size, 12, 12, paint);
                }
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    private static SKColor Colour(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
}
