namespace Aegis.Hashing.Imaging;

/// <summary>The image formats Aegis decodes. Detected from the bytes, never from a file name.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
    Gif,
    Bmp,
}
