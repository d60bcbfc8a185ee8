using System.Buffers.Binary;

namespace Aegis.Hashing.Video;

/// <summary>Recognises video containers from their first bytes (never from the file name).</summary>
public static class VideoSniffer
{
    /// <summary>Bytes <see cref="LooksLikeVideo"/> needs to see.</summary>
    public const int HeaderLength = 189;

    /// <summary>
    /// True for ISO media (MP4, MOV, 3GP, M4V: "ftyp" at offset 4), Matroska/WebM (EBML), AVI,
    /// FLV, MPEG program streams and MPEG transport streams.
    /// </summary>
    public static bool LooksLikeVideo(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 8 && header.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return true;
        }

        return header.Length >= 4 && (BinaryPrimitives.ReadUInt32BigEndian(header) == 0x1A45DFA3 ||
                                      BinaryPrimitives.ReadUInt32BigEndian(header) == 0x000001BA) ||
               (header.Length >= 12 && header.StartsWith("RIFF"u8) && header.Slice(8, 4).SequenceEqual("AVI "u8)) ||
               header.StartsWith("FLV"u8) ||
               // MPEG-TS: a sync byte every 188 bytes (and not a GIF, which also starts with 'G').
               (header.Length >= 189 && header[0] == 0x47 && header[188] == 0x47 && !header.StartsWith("GIF8"u8));
    }
}
