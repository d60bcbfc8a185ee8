namespace Aegis.Matching.Video;

/// <summary>
/// An upload that matches a known video: which video, the first rule that held, and the percentages as the vPDQ
/// reference defines them (see <see cref="VpdqComparer"/>), plus Aegis's coverage.
/// </summary>
/// <param name="VideoKey">The key the known video was added with.</param>
/// <param name="Rule">The first rule that held, in the order Reference, Containment, Segment.</param>
/// <param name="QueryPercent">Share of the upload's frames (kept and distinct) with a frame of the known video within
/// the distance, 0 to 100.</param>
/// <param name="CandidatePercent">Share of the known video's frames (kept and distinct) with a frame of the upload
/// within the distance, 0 to 100.</param>
/// <param name="CoveragePercent">Share of the known video's seconds holding a frame within the distance of a frame of
/// the upload, 0 to 100 (see <see cref="VpdqComparison.CoveragePercent"/>).</param>
/// <param name="MatchedQueryFrames">How many distinct upload frames matched.</param>
public sealed record VideoMatch(
    int VideoKey,
    VideoMatchRule Rule,
    double QueryPercent,
    double CandidatePercent,
    double CoveragePercent,
    int MatchedQueryFrames)
{
    /// <summary>The match of a candidate under a rule.</summary>
    public static VideoMatch From(VideoCandidate candidate, VideoMatchRule rule) => new(
        candidate.VideoKey,
        rule,
        candidate.Comparison.QueryPercent,
        candidate.Comparison.CandidatePercent,
        candidate.Comparison.CoveragePercent,
        candidate.Comparison.MatchedQueryFrames);
}
