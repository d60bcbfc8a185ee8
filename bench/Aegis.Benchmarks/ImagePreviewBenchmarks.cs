using Aegis.Hashing.Imaging;
using Aegis.Hashing.Previews;
using BenchmarkDotNet.Attributes;
using SkiaSharp;

namespace Aegis.Benchmarks;

/// <summary>
/// The review console's preview of a 12-megapixel JPEG already in memory, one core: the default preview (640 pixels,
/// blurred σ 32, grey), an unblurred colour one (a reveal), and decoding the whole image alone for scale (what the
/// preview avoids by decoding at 1/4). Two JPEGs: a phone camera's photo (ThreatExchange's benign 4032×3024
/// <c>exif-rotn-1.jpg</c>, 3.1 MB, from tests/data) and a synthetic 4000×3000 one, quality 90, full of single-pixel noise
/// (4.8 MB: the entropy decoding, which no scaling skips, weighs more).
/// </summary>
[MemoryDiagnoser]
public class ImagePreviewBenchmarks
{
    private readonly PreviewRenderer _renderer = new();
    private readonly ImageDecoder _decoder = new();
    private byte[] _jpeg = [];

    /// <summary>Which JPEG.</summary>
    [Params("photo", "noisy")]
    public string Image { get; set; } = "photo";

    [GlobalSetup]
    public void Setup()
    {
        if (Image == "photo")
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Aegis.slnx")))
            {
                root = root.Parent;
            }

            _jpeg = File.ReadAllBytes(Path.Combine(root!.FullName, "tests/data/pdq/pdq/data/reg-test-input/exif-rotn/exif-rotn-1.jpg"));
            return;
        }

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
