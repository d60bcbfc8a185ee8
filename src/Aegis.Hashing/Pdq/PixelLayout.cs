namespace Aegis.Hashing.Pdq;

/// <summary>How 8-bit pixels are laid out in memory. Any alpha byte is ignored.</summary>
public enum PixelLayout
{
    /// <summary>4 bytes a pixel: R, G, B, A (alpha ignored, colour not premultiplied).</summary>
    Rgba32 = 4,

    /// <summary>3 bytes a pixel: R, G, B (ffmpeg's rgb24).</summary>
    Rgb24 = 3,
}
