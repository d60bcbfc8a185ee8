namespace Aegis.Matching.Video;

/// <summary>
/// The outcome of comparing two vPDQ hashes frame by frame, after both were prepared (low-quality frames dropped,
/// repeated hashes kept once).
/// </summary>
/// <param name="QueryFrames">Prepared query frames.</param>
/// <param name="CandidateFrames">Prepared candidate frames.</param>
/// <param name="MatchedQueryFrames">Prepared query frames with some prepared candidate frame within the distance.</param>
/// <param name="MatchedCandidateFrames">Prepared candidate frames with some prepared query frame within the distance.</param>
public readonly record struct VpdqComparison(
    int QueryFrames,
    int CandidateFrames,
    int MatchedQueryFrames,
    int MatchedCandidateFrames)
{
    /// <summary>Query match percentage, 0 to 100; 0 when either side has no frames left.</summary>
    public double QueryPercent => Percent(MatchedQueryFrames, QueryFrames, CandidateFrames);

    /// <summary>Candidate match percentage, 0 to 100; 0 when either side has no frames left.</summary>
    public double CandidatePercent => Percent(MatchedCandidateFrames, CandidateFrames, QueryFrames);

    // The reference's arithmetic: count * 100 / total in double precision (python-threatexchange's
    // `len(matched) * 100 / len(features)` gives the same correctly rounded quotient). An empty side gives 0, as
    // matchTwoHashBrute does; Python would divide by zero.
    private static double Percent(int matched, int total, int otherTotal) =>
        total == 0 || otherTotal == 0 ? 0 : matched * 100.0 / total;
}
