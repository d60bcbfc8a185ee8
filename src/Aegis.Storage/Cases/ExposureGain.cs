namespace Aegis.Storage;

/// <summary>Views and shares an item gained between its case's first report and its restriction or removal.</summary>
/// <param name="Cases">Cases counted.</param>
/// <param name="Views">Views gained, summed over the cases (held at 2^63−1).</param>
/// <param name="MaxViews">The most views one case's item gained.</param>
/// <param name="Shares">Shares gained, summed.</param>
/// <param name="MaxShares">The most shares one case's item gained.</param>
public sealed record ExposureGain(int Cases, long Views, long MaxViews, long Shares, long MaxShares)
{
    public static ExposureGain None { get; } = new(0, 0, 0, 0, 0);
}
