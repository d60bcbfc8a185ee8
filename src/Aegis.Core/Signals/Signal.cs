namespace Aegis.Core.Signals;

/// <summary>A conversation that crossed a rule's threshold, with everything needed to explain it.</summary>
/// <param name="Kind">Sextortion or grooming.</param>
/// <param name="Score">The score, 0 to 1 (capped).</param>
/// <param name="Rule">The rule: <c>sextortion.sequence</c> or <c>grooming.accumulation</c>.</param>
/// <param name="SuspectId">The account whose messages scored.</param>
/// <param name="TargetId">The other account (the one to protect).</param>
/// <param name="TargetIsMinor">Whether the target's declared age band is under 18.</param>
/// <param name="Parts">The terms of the score.</param>
/// <param name="Evidence">The messages and rules behind it.</param>
public sealed record Signal(
    SignalKind Kind,
    double Score,
    string Rule,
    string SuspectId,
    string TargetId,
    bool TargetIsMinor,
    IReadOnlyList<ScorePart> Parts,
    IReadOnlyList<SignalEvidence> Evidence);
