using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;

namespace Aegis.Matching.Video;

/// <summary>
/// The frames of a vPDQ hash that the reference compares: quality at least the threshold, then each distinct PDQ
/// hash once (the first occurrence), as python-threatexchange's <c>prepare_vpdq_feature</c> does.
/// </summary>
internal static class VpdqFrames
{
    public static PdqHash[] Prepare(IEnumerable<VpdqFeature> features, int minQuality)
    {
        ArgumentNullException.ThrowIfNull(features);
        var seen = new HashSet<PdqHash>();
        var kept = new List<PdqHash>();
        foreach (var feature in features)
        {
            if (feature.Quality >= minQuality && seen.Add(feature.Hash))
            {
                kept.Add(feature.Hash);
            }
        }

        return [.. kept];
    }

    /// <summary>
    /// Each distinct hash with the highest quality any of its frames has, in order of first occurrence, dropping those
    /// below <paramref name="minQuality"/>. Preparing with any threshold q ≥ <paramref name="minQuality"/> keeps
    /// exactly the hashes whose highest quality is at least q, which is what lets one index serve several thresholds.
    /// </summary>
    public static (PdqHash[] Hashes, int[] Qualities) Distinct(IEnumerable<VpdqFeature> features, int minQuality)
    {
        ArgumentNullException.ThrowIfNull(features);
        var position = new Dictionary<PdqHash, int>();
        var hashes = new List<PdqHash>();
        var qualities = new List<int>();
        foreach (var feature in features)
        {
            if (position.TryGetValue(feature.Hash, out var i))
            {
                qualities[i] = Math.Max(qualities[i], feature.Quality);
            }
            else
            {
                position.Add(feature.Hash, hashes.Count);
                hashes.Add(feature.Hash);
                qualities.Add(feature.Quality);
            }
        }

        var keep = Enumerable.Range(0, hashes.Count).Where(i => qualities[i] >= minQuality).ToArray();
        return ([.. keep.Select(i => hashes[i])], [.. keep.Select(i => qualities[i])]);
    }
}
