using Aegis.Hashing.Video;

namespace Aegis.Matching.Video;

/// <summary>
/// Compares two vPDQ hashes frame by frame, every frame against every frame: the reference's definition, which
/// <see cref="VideoIndex"/> reproduces at scale.
/// </summary>
/// <remarks>
/// <para>
/// Semantics (facebook/ThreatExchange, <c>python-threatexchange/threatexchange/extensions/vpdq/</c>):
/// frames of quality below the threshold are dropped and each distinct PDQ hash is kept once (by exact hash;
/// <c>vpdq_util.py</c>, <c>quality_filter</c> then <c>dedupe</c> in <c>prepare_vpdq_feature</c>, the order
/// <c>vpdq_index.py</c>'s <c>VPDQIndex</c> uses). The query percentage is the share of the prepared query frames
/// with some prepared candidate frame within the distance (inclusive: <c>vpdq_brute_matcher.py</c> tests
/// <c>simple_distance(h1, h2) &lt;= distance_tolerance</c>; <c>vpdq_faiss.py</c> range-searches with radius
/// <c>threshold + 1</c>), times 100; the candidate percentage is the same the other way.
/// </para>
/// <para>
/// Where the reference's implementations differ: <c>vpdq_brute_matcher.py</c> dedupes before dropping low-quality
/// frames, so a hash that appears first with a low and later with a high quality is dropped there but kept here and
/// in <c>VPDQIndex</c>; the C++ <c>matchTwoHashBrute</c> (<c>vpdq/cpp/vpdq/cpp/hashing/matchTwoHash.cpp</c>) does not
/// dedupe and uses a strict <c>&lt; distanceTolerance</c>. When a side has no frames left both percentages are 0, as
/// in the C++ (Python divides by zero).
/// </para>
/// </remarks>
public static class VpdqComparer
{
    /// <summary>Compares with the distance and quality threshold of <paramref name="thresholds"/>.</summary>
    public static VpdqComparison Compare(
        IReadOnlyList<VpdqFeature> query, IReadOnlyList<VpdqFeature> candidate, VideoMatchThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return Compare(query, candidate, thresholds.FrameDistance, thresholds.MinQuality);
    }

    /// <summary>Compares a query with a candidate, every prepared frame against every prepared frame.</summary>
    public static VpdqComparison Compare(
        IReadOnlyList<VpdqFeature> query,
        IReadOnlyList<VpdqFeature> candidate,
        int frameDistance = VideoMatchThresholds.DefaultFrameDistance,
        int minQuality = VideoMatchThresholds.DefaultMinQuality)
    {
        var q = VpdqFrames.Prepare(query, minQuality);
        var c = VpdqFrames.Prepare(candidate, minQuality);
        var candidateMatched = new bool[c.Length];
        int matchedQuery = 0, matchedCandidate = 0;
        foreach (var queryHash in q)
        {
            var matched = false;
            for (var j = 0; j < c.Length; j++)
            {
                if (queryHash.DistanceTo(c[j]) <= frameDistance)
                {
                    matched = true;
                    if (!candidateMatched[j])
                    {
                        candidateMatched[j] = true;
                        matchedCandidate++;
                    }
                }
            }

            matchedQuery += matched ? 1 : 0;
        }

        // Coverage: every kept frame of the candidate (repeats included) counts for its second.
        var position = new Dictionary<Hashing.Pdq.PdqHash, int>(c.Length);
        for (var j = 0; j < c.Length; j++)
        {
            position[c[j]] = j;
        }

        var seconds = new HashSet<long>();
        var matchedSeconds = new HashSet<long>();
        foreach (var feature in candidate)
        {
            if (feature.Quality < minQuality)
            {
                continue;
            }

            var second = VpdqFrames.Second(feature.Timestamp);
            seconds.Add(second);
            if (candidateMatched[position[feature.Hash]])
            {
                matchedSeconds.Add(second);
            }
        }

        return new VpdqComparison(q.Length, c.Length, matchedQuery, matchedCandidate, seconds.Count, matchedSeconds.Count);
    }
}
