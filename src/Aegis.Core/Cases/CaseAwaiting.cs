namespace Aegis.Core.Cases;

/// <summary>Who may act next on a case, in words and as rules a client can apply.</summary>
/// <param name="Text">What a person reads, e.g. "a senior reviewer other than alice".</param>
/// <param name="Role">The role needed, if one is.</param>
/// <param name="NotBy">Reviewers who may not take this step.</param>
/// <param name="ClaimedBy">The reviewer holding the case now, if any.</param>
public sealed record CaseAwaiting(string Text, ReviewerRole? Role, IReadOnlyList<string> NotBy, string? ClaimedBy = null)
{
    /// <summary>Who may act next on <paramref name="c"/> at <paramref name="now"/>, or null when nobody need (closed for good).</summary>
    public static CaseAwaiting? For(Case c, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        var claim = c.ClaimAt(now)?.Reviewer;
        string Held(string text) => claim is null ? text : $"{claim}, who has claimed it ({text})";
        switch (c.State)
        {
            case CaseState.Open:
                return new CaseAwaiting(Held("any reviewer"), null, [], claim);
            case CaseState.AwaitingSecondReview:
                var dismissed = c.Decisions.Where(d => d.Kind == DecisionKind.Dismiss).Select(d => d.Reviewer).Distinct().ToList();
                var others = dismissed.Count == 0 ? "" : $" other than {string.Join(", ", dismissed)}";
                return new CaseAwaiting(
                    Held($"a senior reviewer{others} to confirm or make the second dismissal; any reviewer may confirm"), ReviewerRole.Senior, dismissed, claim);
            case CaseState.Confirmed when c.CascadePending:
                return new CaseAwaiting("the takedown cascade (any node runs it)", null, []);
            case CaseState.Confirmed when c.Appeal is { Outcome: null }:
                var deciders = c.Decisions.Select(d => d.Reviewer).Distinct().ToList();
                var overturn = c.ChildSafety ? "; overturning takes a senior reviewer" : "";
                return new CaseAwaiting($"a reviewer who did not decide the case, to decide the appeal{overturn}", null, deciders);
            default:
                return null;
        }
    }
}
