using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using BenchmarkDotNet.Attributes;
using SkiaSharp;

namespace Aegis.Benchmarks;

/// <summary>
/// One 1-megapixel JPEG already in memory, one core: decoding alone next to the full hashing
/// (decode + PDQ + MD5 + SHA-256), and the allocation per image of each.
/// </summary>
[MemoryDiagnoser]
public class ImageHashingBenchmarks
{
    private readonly ImageDecoder _decoder = new();
    private readonly ImageFileHasher _hasher = new();
    private byte[] _jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        var pixels = SyntheticImage.Rgba(1000, 1000, 7);
        using var bitmap = new SKBitmap(new SKImageInfo(1000, 1000, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        // Texture so the JPEG is photo-sized (~200 KB), not a flat gradient.
        var random = new Random(3);
        for (var i = 0; i < 20000; i++)
        {
            bitmap.SetPixel(random.Next(1000), random.Next(1000), new SKColor((uint)random.Next()).WithAlpha(255));
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        _jpeg = data.ToArray();
    }

    [Benchmark(Baseline = true, Description = "decode only (SkiaSharp → RGBA)")]
    public int Decode()
    {
        using var image = _decoder.Decode(_jpeg);
        return image.Width;
    }

    [Benchmark(Description = "decode + PDQ + MD5 + SHA-256 (ImageFileHasher)")]
    public int Hash() => _hasher.Hash(_jpeg).Pdq.Quality;
}
