using System.Globalization;
using Aegis.Core.Users;

namespace Aegis.Server.Pages;

/// <summary>The viewing form's fields as text: empty (or <c>default</c>) for the organisation's default.</summary>
internal sealed record ViewingForm(string Blur, string Grayscale, string Mute, string BreakMinutes)
{
    public static ViewingForm Empty { get; } = new("", "default", "default", "");

    public static ViewingForm Of(ViewingPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        static string Switch(bool? value) => value switch { true => "on", false => "off", null => "default" };
        return new ViewingForm(
            preferences.BlurSigma?.ToString(CultureInfo.InvariantCulture) ?? "",
            Switch(preferences.Grayscale),
            Switch(preferences.Mute),
            preferences.BreakMinutes?.ToString(CultureInfo.InvariantCulture) ?? "");
    }
}
