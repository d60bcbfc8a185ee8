using System.Buffers.Binary;
using System.IO.Compression;
using CsCheck;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>
/// Structure-aware PNGs: a real signature, IHDR, optional PLTE and tRNS, zlib-compressed IDAT split into chunks and
/// IEND, with hostile fields: zero, huge or negative dimensions, any bit depth, colour type and interlace byte, too
/// little or too much pixel data, any filter byte, a damaged zlib stream, wrong chunk lengths and bad CRCs. Most are
/// 16-bit, which Aegis decodes itself (<c>Png16Decoder</c>); the rest go through Skia.
/// </summary>
internal static class PngBuilder
{
    private static readonly uint[] Dimensions = [0, 1, 2, 5, 7, 8, 9, 31, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 65535, 100_000];

    private static Gen<uint> Dimension { get; } = CsCheck.Gen.Frequency(
        (8, CsCheck.Gen.UInt[1, 48]),
        (1, CsCheck.Gen.OneOf(Dimensions)),
        (1, CsCheck.Gen.UInt));

    /// <summary>What goes wrong: which part, and a number that says how.</summary>
    private static Gen<(int Part, uint How)> Damage { get; } = CsCheck.Gen.Select(CsCheck.Gen.Int[0, 9], CsCheck.Gen.UInt);

    public static Gen<byte[]> Gen { get; } = CsCheck.Gen.Select(
        Dimension,
        Dimension,
        CsCheck.Gen.Frequency((6, CsCheck.Gen.Const((byte)16)), (2, CsCheck.Gen.OneOf<byte>(1, 2, 4, 8)), (1, CsCheck.Gen.Byte)),
        CsCheck.Gen.Frequency((8, CsCheck.Gen.OneOf<byte>(0, 2, 4, 6)), (1, CsCheck.Gen.Const((byte)3)), (1, CsCheck.Gen.Byte)),
        CsCheck.Gen.Frequency((8, CsCheck.Gen.OneOf<byte>(0, 1)), (1, CsCheck.Gen.Byte)),
        Damage.Array[0, 3],
        CsCheck.Gen.Int[1, 4],
        CsCheck.Gen.UInt,
        Build);

    private static byte[] Build(uint width, uint height, byte depth, byte colour, byte interlace, (int Part, uint How)[] damage, int idatChunks, uint noise)
    {
        var random = new Random((int)noise);
        var has = (int part) => damage.Any(d => d.Part == part);
        var how = (int part) => damage.FirstOrDefault(d => d.Part == part).How;

        // The raw scanlines the header asks for (capped, so a huge header gets a small body), then too few or too many.
        var channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 1 };
        var bitsPerPixel = Math.Max(1, channels * (depth is 1 or 2 or 4 or 8 or 16 ? depth : 8));
        var rows = interlace == 1 ? (long)height * 2 : height;
        var stride = 1 + Math.Min(1 << 20, (((long)width * bitsPerPixel) + 7) / 8);
        var rawLength = Math.Min(1 << 18, Math.Min(rows, 1 << 20) * stride);
        if (has(0))
        {
            rawLength = (long)(rawLength * (how(0) % 300) / 100.0);
        }

        var raw = new byte[rawLength];
        random.NextBytes(raw);
        if (!has(1))
        {
            // Valid filter bytes (0–4) at each row start; damage 1 leaves random ones.
            for (long i = 0; i < raw.LongLength; i += stride)
            {
                raw[i] = (byte)(raw[i] % 5);
            }
        }

        var compressed = Compress(raw);
        if (has(2) && compressed.Length > 0)
        {
            compressed[how(2) % compressed.Length] ^= (byte)(1 + (how(2) >> 24));
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = depth;
        ihdr[9] = colour;
        ihdr[10] = has(3) ? (byte)how(3) : (byte)0; // compression
        ihdr[11] = has(4) ? (byte)how(4) : (byte)0; // filter method
        ihdr[12] = interlace;
        Chunk(png, "IHDR", ihdr, badCrc: has(5) && how(5) % 3 == 0, lengthDelta: 0);
        if (colour == 3 || has(6))
        {
            var palette = new byte[3 * (int)(1 + (how(6) % 256))];
            random.NextBytes(palette);
            Chunk(png, "PLTE", palette, badCrc: false, lengthDelta: 0);
            Chunk(png, "tRNS", palette.AsSpan(0, Math.Min(palette.Length, (int)(how(6) % 300))).ToArray(), badCrc: false, lengthDelta: 0);
        }

        var piece = Math.Max(1, (compressed.Length + idatChunks - 1) / idatChunks);
        for (var at = 0; at < compressed.Length || at == 0; at += piece)
        {
            var part = compressed.AsSpan(at, Math.Min(piece, compressed.Length - at)).ToArray();
            var lengthDelta = has(7) && at == 0 ? (int)(how(7) % 9) - 4 : 0;
            Chunk(png, "IDAT", part, badCrc: has(5) && how(5) % 3 == 1, lengthDelta);
            if (compressed.Length == 0)
            {
                break;
            }
        }

        if (!has(8))
        {
            Chunk(png, "IEND", [], badCrc: false, lengthDelta: 0);
        }

        var bytes = png.ToArray();
        return has(9) ? bytes[..(int)(how(9) % (uint)bytes.Length)] : bytes;
    }

    private static void Chunk(Stream png, string type, byte[] data, bool badCrc, int lengthDelta)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(data.Length + lengthDelta));
        System.Text.Encoding.ASCII.GetBytes(type, header[4..]);
        png.Write(header);
        png.Write(data);
        var value = Crc32(Crc32(0xFFFF_FFFF, header[4..]), data) ^ 0xFFFF_FFFF;
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, badCrc ? ~value : value);
        png.Write(crcBytes);
    }

    /// <summary>PNG's CRC-32 (ISO 3309), bit by bit: the chunks are small.</summary>
    private static uint Crc32(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc;
    }

    private static byte[] Compress(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(raw);
        }

        return output.ToArray();
    }
}
