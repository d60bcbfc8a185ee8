using System.Globalization;

namespace Aegis.Hashing.Video.Formats;

/// <summary>
/// The per-frame text format of the vPDQ reference tools: one line per frame,
/// <c>frameNumber,quality,pdqHex,timestampSeconds</c>, each line ending in <c>\n</c>.
/// </summary>
/// <remarks>
/// <para>
/// Source: facebook/ThreatExchange <c>vpdq/cpp/vpdq/cpp/io/vpdqio.cpp</c>. <c>outputVPDQFeatureToFile</c> writes
/// <c>frameNumber</c>, <c>quality</c>, <c>pdqHash.format()</c> (64 lowercase hex) and the timestamp with
/// <c>std::setprecision(3) &lt;&lt; std::fixed</c>, which is C's <c>%.3f</c>: exactly three decimals, rounded
/// correctly (an exact tie goes to the even digit, so 0.0625 is written <c>0.062</c>). .NET's invariant <c>F3</c>
/// rounds the same way. <c>loadHashesFromFileOrDie</c> reads the same four fields (<c>std::stoi</c>,
/// <c>std::stod</c>). The expected outputs in <c>vpdq/sample-hashes/*.txt</c> are in this format.
/// </para>
/// <para>
/// Reading is stricter than the reference, which ignores extra fields and accepts a numeric prefix: a line must
/// have exactly four fields, a non-negative frame number, a quality from 0 to 100, 64 hex characters (either case)
/// and a finite, non-negative timestamp; anything else is a <see cref="VpdqFormatException"/> naming the line.
/// Empty lines are errors too, as in the reference.
/// </para>
/// </remarks>
public static class VpdqText
{
    private const int FieldCount = 4;
    private const NumberStyles Integer = NumberStyles.AllowLeadingSign;
    private const NumberStyles Decimal = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Reads every line of a vPDQ hash file, in order.</summary>
    /// <exception cref="VpdqFormatException">A line is malformed; the message names the line and the field.</exception>
    public static IReadOnlyList<VpdqFeature> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var features = new List<VpdqFeature>();
        var lineNumber = 0L;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            features.Add(ParseLine(line, lineNumber));
        }

        return features;
    }

    /// <summary>Reads one line (without its line ending).</summary>
    /// <exception cref="VpdqFormatException">The line is malformed.</exception>
    public static VpdqFeature ParseLine(ReadOnlySpan<char> line, long lineNumber)
    {
        Span<Range> fields = stackalloc Range[FieldCount + 1];
        var count = line.Split(fields, ',');
        if (count != FieldCount)
        {
            throw new VpdqFormatException(
                lineNumber,
                $"expected {FieldCount} comma-separated fields (frameNumber,quality,pdqHex,timestamp), got " +
                (count > FieldCount ? "more" : count.ToString(CultureInfo.InvariantCulture)));
        }

        Check(lineNumber, VpdqFields.ParseFrameNumber(line[fields[0]], Integer, out var frameNumber));
        Check(lineNumber, VpdqFields.ParseQuality(line[fields[1]], Integer, out var quality));
        Check(lineNumber, VpdqFields.ParseHash(line[fields[2]], out var hash));
        Check(lineNumber, VpdqFields.ParseTimestamp(line[fields[3]], Decimal, out var timestamp));
        return new VpdqFeature(hash, frameNumber, quality, timestamp);
    }

    /// <summary>Writes one line per feature, as the reference does, each ending in <c>\n</c>.</summary>
    /// <exception cref="ArgumentException">A feature has a negative frame number, a quality outside 0..100 or a
    /// negative or non-finite timestamp (it could not be read back).</exception>
    public static void Write(TextWriter writer, IEnumerable<VpdqFeature> features)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(features);
        foreach (var feature in features)
        {
            writer.Write(FormatLine(feature));
            writer.Write('\n');
        }
    }

    /// <summary>One feature as a line, without the line ending.</summary>
    /// <exception cref="ArgumentException">The feature could not be read back (see <see cref="Write"/>).</exception>
    public static string FormatLine(VpdqFeature feature)
    {
        VpdqFields.Check(feature, frameNumber: true);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{feature.FrameNumber},{feature.Quality},{feature.Hash},{feature.Timestamp:F3}");
    }

    private static void Check(long lineNumber, string? problem)
    {
        if (problem is not null)
        {
            throw new VpdqFormatException(lineNumber, problem);
        }
    }
}
