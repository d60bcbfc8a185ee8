namespace Aegis.Core.Cases;

/// <summary>What a decision does to a case, or why it is refused.</summary>
/// <param name="Accepted">False: nothing changes, <see cref="Refusal"/> says why.</param>
/// <param name="State">The case's state afterwards.</param>
/// <param name="LiftRestriction">The content may be shown again.</param>
/// <param name="StartCascade">Remove the item, its reshares and copies; bank it; act on accounts.</param>
/// <param name="Escalated">The case was escalated.</param>
/// <param name="Refusal">Why the decision was refused.</param>
public sealed record DecisionOutcome(
    bool Accepted, CaseState State, bool LiftRestriction, bool StartCascade, bool Escalated, string? Refusal)
{
    public static DecisionOutcome Refuse(CaseState state, string why) => new(false, state, false, false, false, why);
}
