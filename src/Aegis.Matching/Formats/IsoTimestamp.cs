using System.Globalization;

namespace Aegis.Matching.Formats;

/// <summary>Reads and writes the added_at timestamps of the CSV and JSON-lines formats.</summary>
internal static class IsoTimestamp
{
    /// <summary>
    /// Parses ISO-8601: a date (<c>2025-01-31</c>) or a date and time (<c>2025-01-31T12:00:00Z</c>,
    /// <c>2025-01-31T12:00:00.1234567+02:00</c>, a space for the T is accepted); without an offset it is UTC.
    /// Other date shapes (<c>01/31/2025</c>) are refused rather than guessed at.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 10 || !IsDigits(text[..4]) || text[4] != '-' || !IsDigits(text.Slice(5, 2)) ||
            text[7] != '-' || !IsDigits(text.Slice(8, 2)))
        {
            return false;
        }

        if (text.Length > 10 && text[10] is not ('T' or 't' or ' '))
        {
            return false;
        }

        return DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>The round-trip form ("O"): every tick and the offset survive <see cref="TryParse"/>.</summary>
    public static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The reason for a timestamp that <see cref="TryParse"/> refused.</summary>
    public static string Invalid(ReadOnlySpan<char> text) =>
        $"invalid added_at '{SignalValues.Shorten(text)}' (expected ISO-8601, e.g. 2025-01-31T12:00:00Z)";

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
