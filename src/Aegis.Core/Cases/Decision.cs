namespace Aegis.Core.Cases;

/// <summary>One reviewer's decision on a case.</summary>
/// <param name="Reviewer">Who decided (a stable id).</param>
/// <param name="Role">Their standing when they decided.</param>
/// <param name="Kind">What they decided.</param>
/// <param name="Reason">Why, in their words (required).</param>
/// <param name="Classification">For <see cref="DecisionKind.ConfirmCsam"/>: NCMEC's category.</param>
public sealed record Decision(string Reviewer, ReviewerRole Role, DecisionKind Kind, string Reason, NcmecClassification? Classification = null);
