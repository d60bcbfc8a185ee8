using System.Buffers.Binary;

namespace Aegis.Hashing.Imaging;

/// <summary>The bit depth and colour type from a PNG's IHDR chunk, which Skia does not expose.</summary>
internal readonly record struct PngHeader(int BitDepth, int ColorType, bool Interlaced)
{
    public bool IsSixteenBit => BitDepth == 16;

    public static PngHeader? TryRead(ReadOnlySpan<byte> data)
    {
        // 8-byte signature, then the IHDR chunk: length(4) "IHDR"(4) width(4) height(4) depth(1)
        // colour type(1) compression(1) filter(1) interlace(1).
        if (data.Length < 29 || BinaryPrimitives.ReadUInt64BigEndian(data) != 0x89504E470D0A1A0AUL ||
            !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }

        return new PngHeader(data[24], data[25], data[28] == 1);
    }
}
