using Aegis.Matching.Video;

namespace Aegis.Matching.Banks;

/// <summary>A named set of hashes with what a match against it means.</summary>
/// <param name="Name">Unique name: letters, digits, '-', '_' and '.', 1–64 characters.</param>
/// <param name="PdqThreshold">Largest PDQ Hamming distance that counts as a match (0–63, default 31).</param>
/// <param name="Action">What a match does to an upload.</param>
/// <param name="Kind">Ordinary, or negative (a match suppresses matches against other banks).</param>
/// <param name="Enabled">Disabled banks are kept but never matched.</param>
/// <param name="Description">Free text for curators.</param>
/// <param name="CreatedAt">When the bank was created.</param>
public sealed record Bank(
    string Name,
    int PdqThreshold,
    BankAction Action,
    BankKind Kind,
    bool Enabled,
    string? Description,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// When a video matches one of the bank's vPDQ entries: the percentages of the reference, containment and segment
    /// rules. The frame distance and quality floor are the reference's (31 and 50) for every bank.
    /// </summary>
    public VideoMatchThresholds Video { get; init; } = VideoMatchThresholds.Default;

    /// <summary>
    /// HMA's <c>matching_enabled_ratio</c> (0–1): the share of HMA lookups (<c>/m/lookup</c>) in which an enabled bank
    /// takes part, by HMA's coin flip. The native gate does not sample: an enabled bank always matches there.
    /// </summary>
    public double MatchingRatio { get; init; } = 1.0;

    /// <summary>The usual PDQ match threshold.</summary>
    public const int DefaultPdqThreshold = 31;

    /// <summary>The largest threshold a bank may set.</summary>
    public const int MaxPdqThreshold = 63;

    /// <summary>Why <paramref name="name"/> is not a valid bank name, or null when it is.</summary>
    public static string? ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return "A bank name is 1 to 64 characters.";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return $"A bank name may hold letters, digits, '-', '_' and '.'; '{name}' has '{c}'.";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="ratio"/> is not a valid <see cref="MatchingRatio"/>, or null when it is.</summary>
    public static string? ValidateRatio(double ratio) =>
        ratio is >= 0 and <= 1 ? null : $"A matching ratio is between 0.0 and 1.0; got {ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)}.";

    /// <summary>Why <paramref name="threshold"/> is not a valid PDQ threshold, or null when it is.</summary>
    public static string? ValidateThreshold(int threshold) =>
        threshold is < 0 or > MaxPdqThreshold ? $"A PDQ threshold is between 0 and {MaxPdqThreshold}; got {threshold}." : null;
}
