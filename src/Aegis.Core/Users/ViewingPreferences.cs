using System.Globalization;

namespace Aegis.Core.Users;

/// <summary>
/// A reviewer's own settings for seeing evidence, each over the organisation's default (null: the default). However a
/// reviewer sets them, media stays blurred until they reveal it: the blur may be made lighter, never taken away.
/// </summary>
/// <param name="BlurSigma">The blur's strength (standard deviation in pixels of a 640-pixel preview), or null.</param>
/// <param name="Grayscale">Previews in grey, or null.</param>
/// <param name="Mute">Videos play muted, or null.</param>
/// <param name="BreakMinutes">Minutes of continuous reviewing before a break is suggested, or null.</param>
public sealed record ViewingPreferences(double? BlurSigma = null, bool? Grayscale = null, bool? Mute = null, int? BreakMinutes = null)
{
    /// <summary>The longest a reviewer may set between break reminders (a working day).</summary>
    public const int MaxBreakMinutes = 8 * 60;

    /// <summary>Nothing set: every setting is the organisation's.</summary>
    public static ViewingPreferences None { get; } = new();

    /// <summary>These preferences over <paramref name="defaults"/>.</summary>
    public ViewingSettings Over(ViewingSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new ViewingSettings(BlurSigma ?? defaults.BlurSigma, Grayscale ?? defaults.Grayscale, Mute ?? defaults.Mute, BreakMinutes ?? defaults.BreakMinutes);
    }

    /// <summary>Why these preferences cannot be kept, or null: a blur outside <paramref name="minBlur"/>..<paramref name="maxBlur"/>, a break time out of range.</summary>
    public string? Validate(double minBlur, double maxBlur)
    {
        if (BlurSigma is { } blur && (!double.IsFinite(blur) || blur < minBlur || blur > maxBlur))
        {
            return string.Create(CultureInfo.InvariantCulture, $"The blur is {minBlur} to {maxBlur} (media is never shown unblurred until you reveal it); got {blur}.");
        }

        return BreakMinutes is { } minutes && (minutes < 5 || minutes > MaxBreakMinutes)
            ? string.Create(CultureInfo.InvariantCulture, $"The break reminder is every 5 to {MaxBreakMinutes} minutes; got {minutes}.")
            : null;
    }
}

/// <summary>How evidence is shown to one reviewer: the organisation's defaults with their preferences over them.</summary>
/// <param name="BlurSigma">The blur's strength.</param>
/// <param name="Grayscale">Previews in grey.</param>
/// <param name="Mute">Videos muted.</param>
/// <param name="BreakMinutes">Minutes of continuous reviewing before a break is suggested.</param>
public sealed record ViewingSettings(double BlurSigma, bool Grayscale, bool Mute, int BreakMinutes);
