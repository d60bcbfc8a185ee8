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

    /// <summary>The whole second a frame's timestamp falls in: the unit of <see cref="VpdqComparison.CoveragePercent"/>.</summary>
    public static long Second(double timestamp) => (long)Math.Floor(timestamp);

    /// <summary>
    /// What <see cref="VideoIndex"/> stores of a video: one entry for each distinct (hash, second) pair of the frames
    /// of quality at least <paramref name="minQuality"/>, with the highest quality of its frames, and the highest
    /// quality of each distinct hash and of each second. Preparing with any threshold q ≥ <paramref name="minQuality"/>
    /// keeps exactly the hashes (and seconds) whose highest quality is at least q, which is what lets one index serve
    /// several thresholds; a hash is matched when one of its entries of quality at least q is hit (all its entries
    /// share the hash, so a lookup hits all or none).
    /// </summary>
    public static IndexedFrames Index(IEnumerable<VpdqFeature> features, int minQuality)
    {
        ArgumentNullException.ThrowIfNull(features);
        var hashOrdinals = new Dictionary<PdqHash, int>();
        var secondOrdinals = new Dictionary<long, int>();
        var entryOrdinals = new Dictionary<(int Hash, int Second), int>();
        var hashQualities = new List<int>();
        var secondQualities = new List<int>();
        var entries = new List<IndexedFrame>();
        foreach (var feature in features)
        {
            if (feature.Quality < minQuality)
            {
                continue;
            }

            var hash = Ordinal(hashOrdinals, feature.Hash, hashQualities, feature.Quality);
            var second = Ordinal(secondOrdinals, Second(feature.Timestamp), secondQualities, feature.Quality);
            if (entryOrdinals.TryGetValue((hash, second), out var e))
            {
                entries[e] = entries[e] with { Quality = Math.Max(entries[e].Quality, feature.Quality) };
            }
            else
            {
                entryOrdinals.Add((hash, second), entries.Count);
                entries.Add(new IndexedFrame(feature.Hash, hash, second, feature.Quality, feature.FrameNumber, feature.Timestamp));
            }
        }

        return new IndexedFrames([.. entries], [.. hashQualities], [.. secondQualities]);
    }

    private static int Ordinal<T>(Dictionary<T, int> ordinals, T key, List<int> qualities, int quality)
        where T : notnull
    {
        if (ordinals.TryGetValue(key, out var ordinal))
        {
            qualities[ordinal] = Math.Max(qualities[ordinal], quality);
            return ordinal;
        }

        ordinals.Add(key, qualities.Count);
        qualities.Add(quality);
        return qualities.Count - 1;
    }
}

/// <summary>
/// One entry of an indexed video: a frame hash, which distinct hash and which second it is, its quality, and the frame
/// number and timestamp of its first frame (what a frame match reports).
/// </summary>
internal readonly record struct IndexedFrame(PdqHash Hash, int HashOrdinal, int SecondOrdinal, int Quality, int FrameNumber, double Timestamp);

/// <summary>A video as <see cref="VideoIndex"/> stores it (see <see cref="VpdqFrames.Index"/>).</summary>
internal sealed record IndexedFrames(IndexedFrame[] Entries, int[] HashQualities, int[] SecondQualities);
