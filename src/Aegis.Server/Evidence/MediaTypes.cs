namespace Aegis.Server.Evidence;

/// <summary>The media type kept with preserved bytes: the one declared, else told from the bytes' first bytes.</summary>
internal static class MediaTypes
{
    public const string Unknown = "application/octet-stream";

    /// <summary>
    /// <paramref name="declared"/> without parameters, in lower case, when it is a plausible type/subtype and not the
    /// generic one; else the type of the bytes by their signature (JPEG, PNG, GIF, WebP, BMP, MP4/MOV, Matroska/WebM);
    /// else <see cref="Unknown"/>.
    /// </summary>
    public static string Of(string? declared, ReadOnlySpan<byte> bytes)
    {
        var type = declared?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is { Length: > 2 and <= Storage.EvidenceStore.MaxMediaTypeLength } && type.Count(c => c == '/') == 1 && type.All(c => c > ' ' && c < 0x7f)
            && type is not (Unknown or "multipart/form-data" or "application/x-www-form-urlencoded"))
        {
            return type;
        }

        return bytes switch
        {
            [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
            [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
            [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
            [(byte)'B', (byte)'M', ..] => "image/bmp",
            [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'q', (byte)'t', ..] => "video/quicktime",
            [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', ..] => "video/mp4",
            [0x1A, 0x45, 0xDF, 0xA3, ..] => "video/webm",
            _ => Unknown,
        };
    }
}
