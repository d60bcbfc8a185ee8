using Aegis.Server.Hosting;
using Aegis.Storage;

namespace Aegis.Server.Web;

/// <summary>
/// How evidence is shown to a console user: the organisation's defaults (<c>Console:*</c>), the one place a user's own
/// blur, grayscale and mute settings are laid over them. Read at every request, never cached per user.
/// </summary>
internal sealed class ViewingSettings(ServerOptions options)
{
    /// <summary>How <paramref name="user"/> (as stored now) is shown evidence.</summary>
    public Viewing For(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var console = options.Console;
        return new Viewing(console.Preview, console.Mute, console.RevealSeconds, console.BreakMinutes);
    }
}
