namespace Aegis.Matching.Video;

/// <summary>Which rule made an upload match a known video; <see cref="VideoIndex"/> reports the first that holds,
/// in this order.</summary>
public enum VideoMatchRule
{
    /// <summary>The vPDQ reference rule: query % ≥ <see cref="VideoMatchThresholds.QueryPercent"/> and candidate % ≥
    /// <see cref="VideoMatchThresholds.CandidatePercent"/>. The upload is mostly the known video.</summary>
    Reference,

    /// <summary>Coverage ≥ <see cref="VideoMatchThresholds.ContainmentPercent"/>: the upload holds nearly every second
    /// of the known video, whatever else it holds (<see cref="VpdqComparison.CoveragePercent"/>).</summary>
    Containment,

    /// <summary>At least <see cref="VideoMatchThresholds.SegmentFrames"/> distinct query frames match frames of the
    /// known video: an excerpt inside other material. This rule holds the upload for review rather than blocking it.</summary>
    Segment,
}
