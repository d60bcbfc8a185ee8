using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Video;

/// <summary>
/// When an upload matches a known video, per bank. The defaults are the vPDQ reference's
/// (python-threatexchange <c>extensions/vpdq/vpdq_util.py</c>: <c>VPDQ_QUALITY_THRESHOLD = 50</c>,
/// <c>VPDQ_DISTANCE_THRESHOLD = 31</c>, <c>VPDQ_QUERY_MATCH_THRESHOLD_PERCENT = 80.0</c>,
/// <c>VPDQ_INDEX_MATCH_THRESHOLD_PERCENT = 0.0</c>) plus Aegis's containment and segment rules.
/// </summary>
/// <remarks>A percentage above 100, or <see cref="SegmentFrames"/> of <see cref="int.MaxValue"/>, turns that rule off.</remarks>
public sealed record VideoMatchThresholds
{
    /// <summary>The reference's Hamming distance for two frames to match (inclusive).</summary>
    public const int DefaultFrameDistance = 31;

    /// <summary>The reference's lowest frame quality kept.</summary>
    public const int DefaultMinQuality = 50;

    /// <summary>All defaults.</summary>
    public static VideoMatchThresholds Default { get; } = new();

    /// <summary>Rule <see cref="VideoMatchRule.Reference"/>: the least query percentage.</summary>
    public double QueryPercent { get; init => field = Percent(value); } = 80;

    /// <summary>Rule <see cref="VideoMatchRule.Reference"/>: the least candidate percentage.</summary>
    public double CandidatePercent { get; init => field = Percent(value); } = 0;

    /// <summary>Rule <see cref="VideoMatchRule.Containment"/>: the least coverage of the known video's seconds
    /// (<see cref="VpdqComparison.CoveragePercent"/>).</summary>
    public double ContainmentPercent { get; init => field = Percent(value); } = 80;

    /// <summary>Rule <see cref="VideoMatchRule.Segment"/>: the least number of distinct matching query frames.</summary>
    public int SegmentFrames
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 5;

    /// <summary>Two frames match when their PDQ hashes are at most this far apart (Hamming distance, inclusive).</summary>
    public int FrameDistance
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, PdqHash.BitCount);
            field = value;
        }
    } = DefaultFrameDistance;

    /// <summary>Frames of lower quality are dropped from both sides before comparing.</summary>
    public int MinQuality
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            field = value;
        }
    } = DefaultMinQuality;

    /// <summary>
    /// The first rule that holds for a comparison, in the order Reference, Containment, Segment; null when none does
    /// or when no frame matched at all (so thresholds of 0 never match unrelated videos).
    /// </summary>
    public VideoMatchRule? Evaluate(VpdqComparison comparison)
    {
        if (comparison.MatchedQueryFrames == 0)
        {
            return null;
        }

        if (comparison.QueryPercent >= QueryPercent && comparison.CandidatePercent >= CandidatePercent)
        {
            return VideoMatchRule.Reference;
        }

        if (comparison.CoveragePercent >= ContainmentPercent)
        {
            return VideoMatchRule.Containment;
        }

        return comparison.MatchedQueryFrames >= SegmentFrames ? VideoMatchRule.Segment : null;
    }

    private static double Percent(double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A percentage is a finite number from 0 (above 100 turns the rule off).");
        }

        return value;
    }
}
