namespace Aegis.Storage;

/// <summary>What a receipt shows: counts only, never content.</summary>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="Statement">What the person said (its wire name).</param>
/// <param name="Files">Files it named.</param>
/// <param name="Hashes">Hashes it banked.</param>
/// <param name="Found">Items its hashes matched, already up or uploaded since.</param>
/// <param name="Restricted">Hidden now, of those and of what their case reached (reshares, copies): waiting for a reviewer, or held at upload.</param>
/// <param name="HeldForReview">Of those, uploads held at the gate after the submission.</param>
/// <param name="Removed">Removed, of those and of what their case reached.</param>
/// <param name="UnderReview">Whether its case waits for a reviewer.</param>
/// <param name="WithdrawnAt">When it was withdrawn, or null.</param>
public sealed record ProtectStanding(
    DateTimeOffset SubmittedAt, string Statement, int Files, int Hashes, int Found, int Restricted, int HeldForReview, int Removed, bool UnderReview,
    DateTimeOffset? WithdrawnAt);
