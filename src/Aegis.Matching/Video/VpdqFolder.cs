using Aegis.Hashing.Video;

namespace Aegis.Matching.Video;

/// <summary>
/// Thins a densely hashed video (every frame) for a bank: within each whole second, a frame is dropped when a frame
/// already kept in that second is within <c>maxDistance</c> bits of it. Every second keeps at least one frame, so
/// coverage (<see cref="VpdqComparison.CoveragePercent"/>) is unchanged; a still scene costs one frame a second and
/// motion keeps the frames that differ.
/// </summary>
public static class VpdqFolder
{
    /// <summary>The folding distance Aegis uses for bank videos (see docs/architecture.md for the measurements).</summary>
    public const int DefaultDistance = 16;

    /// <summary>The frames kept, in order.</summary>
    public static IReadOnlyList<VpdqFeature> Fold(IReadOnlyList<VpdqFeature> features, int maxDistance = DefaultDistance)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        var kept = new List<VpdqFeature>();
        var second = long.MinValue;
        var firstOfSecond = 0;
        foreach (var feature in features)
        {
            var s = VpdqFrames.Second(feature.Timestamp);
            if (s != second)
            {
                second = s;
                firstOfSecond = kept.Count;
            }

            var near = false;
            for (var i = firstOfSecond; i < kept.Count && !near; i++)
            {
                near = kept[i].Hash.DistanceTo(feature.Hash) <= maxDistance && kept[i].Quality >= feature.Quality;
            }

            if (!near)
            {
                kept.Add(feature);
            }
        }

        return kept;
    }
}
