using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Aegis.Hashing.Tests.Imaging;

/// <summary>
/// Builds damaged, hostile and odd image files in memory for <see cref="BadInputTests"/>: tiny
/// synthetic PNGs, GIFs and icons, header-only "huge" images, and cut or overwritten copies of a
/// benign reference photo. Nothing here is written to disk.
/// </summary>
internal static class BadImages
{
    public static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>A valid 8-bit RGB PNG with a gradient, <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static byte[] Png(int width, int height) =>
        Png(width, height, bitDepth: 8, colorType: 2, Zlib(Scanlines(width, height, bytesPerPixel: 3)));

    /// <summary>A valid 16-bit RGB PNG with a gradient.</summary>
    public static byte[] Png16(int width, int height) =>
        Png(width, height, bitDepth: 16, colorType: 2, Zlib(Scanlines(width, height, bytesPerPixel: 6)));

    /// <summary>A PNG from its parts: signature, IHDR, one IDAT holding <paramref name="idat"/>, IEND; every CRC correct.</summary>
    public static byte[] Png(int width, int height, byte bitDepth, byte colorType, ReadOnlySpan<byte> idat)
    {
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        using var png = new MemoryStream();
        png.Write(PngSignature);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", idat);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Unfiltered scanlines (filter byte 0) of a deterministic pattern.</summary>
    public static byte[] Scanlines(int width, int height, int bytesPerPixel)
    {
        var stride = (width * bytesPerPixel) + 1;
        var raw = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            for (var i = 0; i < width * bytesPerPixel; i++)
            {
                raw[(y * stride) + 1 + i] = (byte)((i * 7) + (y * 13));
            }
        }

        return raw;
    }

    public static byte[] Zlib(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    public static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData.AsSpan(4));
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        png.Write(word);
    }

    /// <summary>The byte offset of the data of the first chunk of <paramref name="type"/> in a PNG, and its length.</summary>
    public static (int Offset, int Length) FindChunk(ReadOnlySpan<byte> png, string type)
    {
        var position = 8;
        while (position + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[position..]);
            if (Encoding.ASCII.GetString(png.Slice(position + 4, 4)) == type)
            {
                return (position + 8, length);
            }

            position += 12 + length;
        }

        throw new InvalidOperationException($"no {type} chunk");
    }

    /// <summary>Recomputes the CRC of the chunk whose data starts at <paramref name="dataOffset"/>.</summary>
    public static void FixCrc(byte[] png, int dataOffset, int length)
    {
        var crc = Crc32(png.AsSpan(dataOffset - 4, length + 4));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(dataOffset + length), crc);
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>
    /// A GIF: a logical screen of <paramref name="screenWidth"/> × <paramref name="screenHeight"/>
    /// and one frame of <paramref name="frameWidth"/> × <paramref name="frameHeight"/> at
    /// (<paramref name="left"/>, <paramref name="top"/>), 4-colour palette, all pixels index 1 (red).
    /// Pixel data for the whole frame is written when <paramref name="completeData"/>, else a few bytes.
    /// </summary>
    public static byte[] Gif(
        int screenWidth, int screenHeight, int left, int top, int frameWidth, int frameHeight, bool completeData = true)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteUInt16(gif, screenWidth);
        WriteUInt16(gif, screenHeight);
        gif.Write([0x81, 0, 0]); // global colour table of 4 entries, background 0, no aspect
        gif.Write([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]); // black, red, green, blue
        gif.WriteByte(0x2C);
        WriteUInt16(gif, left);
        WriteUInt16(gif, top);
        WriteUInt16(gif, frameWidth);
        WriteUInt16(gif, frameHeight);
        gif.WriteByte(0); // no local table, not interlaced
        gif.WriteByte(2); // LZW minimum code size
        var pixels = completeData ? (long)frameWidth * frameHeight : 16;
        var lzw = LzwUncompressed(pixels, index: 1);
        for (var i = 0; i < lzw.Length; i += 255)
        {
            var n = Math.Min(255, lzw.Length - i);
            gif.WriteByte((byte)n);
            gif.Write(lzw, i, n);
        }

        gif.WriteByte(0);
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>
    /// GIF LZW data for <paramref name="count"/> pixels of one index, at minimum code size 2,
    /// sending a clear code before the table grows so every code stays 3 bits wide.
    /// </summary>
    private static byte[] LzwUncompressed(long count, int index)
    {
        const int Clear = 4;
        const int End = 5;
        var output = new List<byte>();
        var bits = 0;
        var bitCount = 0;

        void Emit(int code)
        {
            bits |= code << bitCount;
            bitCount += 3;
            while (bitCount >= 8)
            {
                output.Add((byte)bits);
                bits >>= 8;
                bitCount -= 8;
            }
        }

        Emit(Clear);
        var sinceClear = 0;
        for (long i = 0; i < count; i++)
        {
            // After a clear, the decoder adds a table entry for each code after the first; at
            // entry 8 the code size would grow to 4 bits, so clear again well before that.
            if (sinceClear == 2)
            {
                Emit(Clear);
                sinceClear = 0;
            }

            Emit(index);
            sinceClear++;
        }

        Emit(End);
        if (bitCount > 0)
        {
            output.Add((byte)bits);
        }

        return [.. output];
    }

    /// <summary>A Windows icon holding one PNG image (the Vista format), which Skia recognises as ICO.</summary>
    public static byte[] IcoWithPng(int size)
    {
        var png = Png(size, size);
        using var ico = new MemoryStream();
        WriteUInt16(ico, 0); // reserved
        WriteUInt16(ico, 1); // type: icon
        WriteUInt16(ico, 1); // one image
        ico.WriteByte((byte)size);
        ico.WriteByte((byte)size);
        ico.WriteByte(0); // colours
        ico.WriteByte(0); // reserved
        WriteUInt16(ico, 1); // planes
        WriteUInt16(ico, 32); // bits per pixel
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(word, png.Length);
        ico.Write(word);
        BinaryPrimitives.WriteInt32LittleEndian(word, 6 + 16);
        ico.Write(word);
        ico.Write(png);
        return ico.ToArray();
    }

    /// <summary>A WBMP (wireless bitmap): type 0, header 0, width and height, 1 bit per pixel.</summary>
    public static byte[] Wbmp(int width, int height)
    {
        var rowBytes = (width + 7) / 8;
        var data = new byte[4 + (rowBytes * height)];
        data[2] = (byte)width;
        data[3] = (byte)height;
        for (var i = 4; i < data.Length; i++)
        {
            data[i] = (byte)(i % 2 == 0 ? 0xAA : 0x55);
        }

        return data;
    }

    /// <summary>The offset of a JPEG's SOFn segment marker (FF C0..CF other than C4, C8, CC).</summary>
    public static int FindStartOfFrame(ReadOnlySpan<byte> jpeg)
    {
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return i;
            }

            if (marker == 0xDA)
            {
                break;
            }

            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg[(i + 2)..]);
        }

        throw new InvalidOperationException("no SOF marker before the scan");
    }

    /// <summary>The offset of the first byte of entropy-coded data (after the SOS segment).</summary>
    public static int FindScanData(ReadOnlySpan<byte> jpeg)
    {
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(i + 2)..]);
            if (jpeg[i + 1] == 0xDA)
            {
                return i + 2 + length;
            }

            i += 2 + length;
        }

        throw new InvalidOperationException("no SOS marker");
    }

    /// <summary>A copy of <paramref name="jpeg"/> whose frame header declares <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static byte[] WithJpegDimensions(byte[] jpeg, int width, int height)
    {
        var copy = (byte[])jpeg.Clone();
        var sof = FindStartOfFrame(copy);

        // FF Cn, length(2), precision(1), height(2), width(2).
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof + 7), (ushort)width);
        return copy;
    }

    private static void WriteUInt16(Stream s, int value)
    {
        s.WriteByte((byte)value);
        s.WriteByte((byte)(value >> 8));
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
