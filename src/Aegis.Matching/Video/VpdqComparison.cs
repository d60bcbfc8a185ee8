namespace Aegis.Matching.Video;

/// <summary>
/// The outcome of comparing two vPDQ hashes frame by frame, after both were prepared (low-quality frames dropped,
/// repeated hashes kept once), and how much of the candidate's running time the matches cover.
/// </summary>
/// <param name="QueryFrames">Prepared query frames.</param>
/// <param name="CandidateFrames">Prepared candidate frames.</param>
/// <param name="MatchedQueryFrames">Prepared query frames with some prepared candidate frame within the distance.</param>
/// <param name="MatchedCandidateFrames">Prepared candidate frames with some prepared query frame within the distance.</param>
/// <param name="CandidateSeconds">Whole seconds of the candidate (⌊timestamp⌋) that hold at least one kept frame.</param>
/// <param name="MatchedCandidateSeconds">Of those, the seconds holding a kept frame within the distance of a query
/// frame.</param>
public readonly record struct VpdqComparison(
    int QueryFrames,
    int CandidateFrames,
    int MatchedQueryFrames,
    int MatchedCandidateFrames,
    int CandidateSeconds = 0,
    int MatchedCandidateSeconds = 0)
{
    /// <summary>Query match percentage, 0 to 100; 0 when either side has no frames left.</summary>
    public double QueryPercent => Percent(MatchedQueryFrames, QueryFrames, CandidateFrames);

    /// <summary>Candidate match percentage, 0 to 100; 0 when either side has no frames left.</summary>
    public double CandidatePercent => Percent(MatchedCandidateFrames, CandidateFrames, QueryFrames);

    /// <summary>
    /// Share of the candidate's seconds with a matching frame, 0 to 100: Aegis's measure of how much of a known video
    /// an upload holds. Unlike <see cref="CandidatePercent"/> it does not depend on how densely the known video was
    /// hashed: a bank video hashed at every frame and an upload hashed once a second still cover each other's
    /// seconds.
    /// </summary>
    public double CoveragePercent => Percent(MatchedCandidateSeconds, CandidateSeconds, QueryFrames);

    // The reference's arithmetic: count * 100 / total in double precision (python-threatexchange's
    // `len(matched) * 100 / len(features)` gives the same correctly rounded quotient). An empty side gives 0, as
    // matchTwoHashBrute does; Python would divide by zero.
    private static double Percent(int matched, int total, int otherTotal) =>
        total == 0 || otherTotal == 0 ? 0 : matched * 100.0 / total;
}
