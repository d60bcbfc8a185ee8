using Aegis.Core.Users;
using Aegis.Server.Hosting;
using Aegis.Storage;

namespace Aegis.Server.Web;

/// <summary>
/// How evidence is shown to a console user: the organisation's defaults (<c>Console:*</c>) with the user's own blur,
/// grayscale, mute and break settings laid over them (<see cref="ViewingPreferences.Over"/>). Read from the user as
/// stored at every request, never cached per user.
/// </summary>
internal sealed class ReviewerViewing(ServerOptions options)
{
    /// <summary>The organisation's defaults, as a user's settings start.</summary>
    public ViewingSettings Defaults
    {
        get
        {
            var console = options.Console;
            return new ViewingSettings(console.BlurSigma, console.Grayscale, console.Mute, console.BreakMinutes);
        }
    }

    /// <summary>The lightest and strongest blur a user may choose (the organisation's floor, the previewer's ceiling).</summary>
    public static (double Min, double Max) BlurRange => (ConsoleOptions.MinBlurSigma, Hashing.Previews.PreviewOptions.MaxBlurSigma);

    /// <summary>How <paramref name="user"/> (as stored now) is shown evidence.</summary>
    public Viewing For(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var settings = user.Viewing.Over(Defaults);
        var console = options.Console;
        return new Viewing(
            console.Preview with { BlurSigma = settings.BlurSigma, Grayscale = settings.Grayscale },
            settings.Mute, console.RevealSeconds, settings.BreakMinutes);
    }
}
