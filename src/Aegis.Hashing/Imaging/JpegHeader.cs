namespace Aegis.Hashing.Imaging;

/// <summary>
/// From a JPEG's markers up to its first scan: whether libjpeg must buffer the whole image's DCT coefficients (2 bytes a
/// sample) before it can give the first row, which it does for a progressive JPEG and for one whose first scan does not
/// hold every component. Skia does not say.
/// </summary>
internal readonly record struct JpegHeader(bool Progressive, int Components, int FirstScanComponents)
{
    public bool BuffersWholeImage => Progressive || FirstScanComponents < Components;

    /// <summary>The header, or null when the markers cannot be followed to the first scan.</summary>
    public static JpegHeader? TryRead(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            return null;
        }

        bool? progressive = null;
        var components = 0;
        var position = 2;
        while (position + 4 <= data.Length)
        {
            var marker = data[position + 1];
            if (data[position] != 0xFF)
            {
                return null;
            }

            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2; // a marker with no segment
                continue;
            }

            var length = (data[position + 2] << 8) | data[position + 3];
            if (length < 2 || position + 2 + length > data.Length)
            {
                return null;
            }

            var segment = data.Slice(position + 4, length - 2);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                // SOFn: precision(1) height(2) width(2) components(1) …
                if (segment.Length < 6)
                {
                    return null;
                }

                progressive = marker is 0xC2 or 0xC6 or 0xCA or 0xCE;
                components = segment[5];
            }
            else if (marker == 0xDA)
            {
                // SOS: components in this scan(1) …
                return progressive is { } p && segment.Length >= 1 ? new JpegHeader(p, components, segment[0]) : null;
            }

            position += 2 + length;
        }

        return null;
    }
}
