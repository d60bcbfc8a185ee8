using SkiaSharp;

namespace Aegis.Hashing.Previews;

/// <summary>A preview's pixels before encoding, and the upright size of what they show. Disposing scrubs the pixels.</summary>
internal sealed class DrawnImage(SKBitmap bitmap, int sourceWidth, int sourceHeight) : IDisposable
{
    public SKBitmap Bitmap { get; } = bitmap;

    public int SourceWidth { get; } = sourceWidth;

    public int SourceHeight { get; } = sourceHeight;

    public void Dispose() => PreviewRenderer.Scrub(Bitmap);
}
