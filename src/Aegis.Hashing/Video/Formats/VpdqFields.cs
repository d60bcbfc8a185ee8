using System.Globalization;
using Aegis.Hashing.Pdq;

namespace Aegis.Hashing.Video.Formats;

/// <summary>
/// Parsing and checking of the fields a vPDQ feature is written with, shared by <see cref="VpdqText"/> and
/// <see cref="VpdqSignal"/>. Each parser returns null on success, else what is wrong, for the caller's message.
/// </summary>
internal static class VpdqFields
{
    public const int MaxQuality = 100;

    /// <summary>
    /// The largest timestamp read or written, in seconds: over 31 years, longer than any video, and small enough that
    /// both written forms read back what was written (python-threatexchange's three significant digits turn
    /// 1.797e308 into 1.8e+308, which reads back as infinity; the canonical form keeps 15 significant digits, so
    /// milliseconds only up to about 10^12 s).
    /// </summary>
    public const double MaxTimestamp = 1e9;

    private const int PreviewLength = 80;

    public static string? ParseHash(ReadOnlySpan<char> text, out PdqHash hash) =>
        PdqHash.TryParse(text, out hash)
            ? null
            : $"the PDQ hash must be {PdqHash.HexLength} hex characters, got {Quote(text)}";

    public static string? ParseFrameNumber(ReadOnlySpan<char> text, NumberStyles styles, out int frameNumber)
    {
        if (!int.TryParse(text, styles, CultureInfo.InvariantCulture, out frameNumber))
        {
            return $"the frame number must be an integer, got {Quote(text)}";
        }

        return frameNumber < 0 ? $"the frame number must not be negative, got {frameNumber}" : null;
    }

    public static string? ParseQuality(ReadOnlySpan<char> text, NumberStyles styles, out int quality)
    {
        if (!int.TryParse(text, styles, CultureInfo.InvariantCulture, out quality))
        {
            return $"the quality must be an integer from 0 to {MaxQuality}, got {Quote(text)}";
        }

        return CheckQuality(quality);
    }

    public static string? ParseTimestamp(ReadOnlySpan<char> text, NumberStyles styles, out double seconds)
    {
        if (!double.TryParse(text, styles, CultureInfo.InvariantCulture, out seconds))
        {
            return $"the timestamp must be a number of seconds, got {Quote(text)}";
        }

        return CheckTimestamp(seconds);
    }

    public static string? CheckQuality(int quality) =>
        quality is < 0 or > MaxQuality ? $"the quality must be from 0 to {MaxQuality}, got {quality}" : null;

    public static string? CheckTimestamp(double seconds) =>
        !double.IsFinite(seconds) || seconds < 0 || seconds > MaxTimestamp
            ? $"the timestamp must be a finite, non-negative number of seconds up to {MaxTimestamp:0}, got {seconds.ToString(CultureInfo.InvariantCulture)}"
            : null;

    /// <summary>Checks a feature before it is written, so that nothing is written that cannot be read back.</summary>
    public static void Check(VpdqFeature feature, bool frameNumber)
    {
        var problem = (frameNumber && feature.FrameNumber < 0 ? "the frame number must not be negative" : null)
            ?? CheckQuality(feature.Quality)
            ?? CheckTimestamp(feature.Timestamp);
        if (problem is not null)
        {
            throw new ArgumentException($"Frame {feature.FrameNumber}: {problem}.", "features");
        }
    }

    public static string Quote(ReadOnlySpan<char> text) =>
        text.Length <= PreviewLength ? $"\"{text}\"" : $"\"{text[..PreviewLength]}…\" ({text.Length} characters)";
}
