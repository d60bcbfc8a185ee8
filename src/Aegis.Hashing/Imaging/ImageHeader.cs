namespace Aegis.Hashing.Imaging;

/// <summary>What an image's header says, read without decoding it (<see cref="ImageDecoder.ReadHeader"/>).</summary>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Format">The format the bytes are in.</param>
/// <param name="DecodeBytes">
/// The most memory <see cref="ImageDecoder.Decode"/> holds at once for it: the RGBA result and the decoder's own
/// working memory (a progressive JPEG's coefficients, an interlaced PNG's whole image, a 16-bit PNG's inflated rows).
/// </param>
public readonly record struct ImageHeader(int Width, int Height, ImageFormat Format, long DecodeBytes)
{
    public long Pixels => (long)Width * Height;
}
