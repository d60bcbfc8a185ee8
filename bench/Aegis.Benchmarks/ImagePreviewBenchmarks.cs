using Aegis.Hashing.Imaging;
using Aegis.Hashing.Previews;
using BenchmarkDotNet.Attributes;
using SkiaSharp;

namespace Aegis.Benchmarks;

/// <summary>
/// The review console's preview of a 12-megapixel photo (4000×3000 JPEG, quality 90, textured, ~4 MB) already in memory,
/// one core: the default preview (640 pixels, blurred σ 32, grey), an unblurred colour one (a reveal), and decoding the
/// whole image alone for scale (what the preview avoids by decoding at 1/4).
/// </summary>
[MemoryDiagnoser]
public class ImagePreviewBenchmarks
{
    private readonly PreviewRenderer _renderer = new();
    private readonly ImageDecoder _decoder = new();
    private byte[] _jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        const int Width = 4000, Height = 3000;
        var pixels = SyntheticImage.Rgba(Width, Height, 12);
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        // Texture so the JPEG is photo-sized, not a flat gradient.
        var random = new Random(12);
        for (var i = 0; i < 400_000; i++)
        {
            bitmap.SetPixel(random.Next(Width), random.Next(Height), new SKColor((uint)random.Next()).WithAlpha(255));
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        _jpeg = data.ToArray();
        Console.WriteLine($"// 12 MP JPEG: {_jpeg.Length:N0} bytes");
    }

    [Benchmark(Baseline = true, Description = "decode the whole image (SkiaSharp → RGBA), for scale")]
    public int DecodeWhole()
    {
        using var image = _decoder.Decode(_jpeg);
        return image.Width;
    }

    [Benchmark(Description = "default preview: 640 px, blur σ 32, grey, JPEG")]
    public int Preview() => _renderer.Render(_jpeg, PreviewOptions.Default).Jpeg.Length;

    [Benchmark(Description = "revealed: 640 px, unblurred, colour, JPEG")]
    public int Revealed() => _renderer.Render(_jpeg, PreviewOptions.Revealed).Jpeg.Length;
}
