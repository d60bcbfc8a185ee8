using Aegis.Hashing.Previews;

namespace Aegis.Server.Web;

/// <summary>How one reviewer is shown evidence (<see cref="ReviewerViewing.For"/>).</summary>
/// <param name="Preview">How previews are drawn for them: blurred, grey unless they or the organisation said otherwise.</param>
/// <param name="Mute">Videos play muted.</param>
/// <param name="RevealSeconds">How long a reveal lasts.</param>
/// <param name="BreakMinutes">Minutes on the queue and case pages before a break is suggested (0: never).</param>
internal sealed record Viewing(PreviewOptions Preview, bool Mute, int RevealSeconds, int BreakMinutes)
{
    /// <summary>Previews are grey.</summary>
    public bool Grayscale => Preview.Grayscale;

    /// <summary>What a reveal shows: the preview unblurred, at the same size, grey if the reviewer's previews are.</summary>
    public PreviewOptions Revealed => Preview with { BlurSigma = 0 };
}
