using System.Globalization;

namespace Aegis.Core.Cases;

/// <summary>
/// Where a case stands, said plainly in one sentence for the person about to act on it: who decided what (the two-person
/// rule made visible), who holds it, and what it waits for. "Dismissed by ana; awaiting a senior reviewer.",
/// "Open; claimed by ben until 10:42 UTC.", "Confirmed B1 by sam." Times are UTC, to the minute.
/// </summary>
public static class CaseSentence
{
    /// <summary>The sentence for <paramref name="c"/> as it stands at <paramref name="now"/> (a claim that has lapsed is not mentioned).</summary>
    public static string For(Case c, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        var claim = c.ClaimAt(now) is { } held ? $"claimed by {held.Reviewer} until {Clock(held.Until)}" : null;
        var dismissedBy = Names(c.Decisions.Where(d => d.Kind == DecisionKind.Dismiss).Select(d => d.Reviewer));
        return c.State switch
        {
            CaseState.Open => Sentence(["Open", Escalation(c), claim ?? "awaiting a reviewer"]),
            CaseState.AwaitingSecondReview => Sentence([$"Dismissed by {dismissedBy}", "awaiting a senior reviewer", claim]),
            CaseState.Confirmed => Sentence([Confirmation(c, dismissedBy), After(c)]),
            CaseState.ConfirmedByMatch => c.Match is { } m
                ? $"Confirmed by a match at the gate: bank '{m.Bank}', entry {m.EntryId}."
                : "Confirmed by a match at the gate.",
            CaseState.Dismissed => $"Dismissed by {(dismissedBy.Length > 0 ? dismissedBy : "a reviewer")}.",
            _ => $"{c.State}.",
        };
    }

    /// <summary>Who escalated an open case (a reviewer, or its SLA running out), if it was.</summary>
    private static string? Escalation(Case c)
    {
        if (c.Decisions.LastOrDefault(d => d.Kind == DecisionKind.Escalate) is { } escalation)
        {
            return $"escalated by {escalation.Reviewer}";
        }

        return c.EscalatedAt is not null ? "escalated, its time to review has run out" : null;
    }

    /// <summary>"Confirmed B1 by sam", after any earlier dismissal: "Dismissed by ana, then confirmed B1 by sam".</summary>
    private static string Confirmation(Case c, string dismissedBy)
    {
        var what = c.Confirmation switch
        {
            { Kind: DecisionKind.ConfirmCsam, Classification: { } classification } d => $"confirmed {classification} by {d.Reviewer}",
            { Kind: DecisionKind.ConfirmCsam } d => $"confirmed as child sexual abuse material by {d.Reviewer}",
            { } d => $"confirmed as a violation by {d.Reviewer}",
            null => "confirmed",
        };
        return dismissedBy.Length > 0 ? $"Dismissed by {dismissedBy}, then {what}" : char.ToUpperInvariant(what[0]) + what[1..];
    }

    /// <summary>What a confirmed case still waits for, or how its appeal ended.</summary>
    private static string? After(Case c) => c switch
    {
        { CascadePending: true } => "the takedown is under way",
        { Appeal: { Outcome: null } appeal } => $"appealed by {appeal.By}, awaiting a reviewer who did not decide it",
        { Appeal: { Outcome: AppealOutcome.Upheld } appeal } => $"appeal upheld by {appeal.DecidedBy}",
        { Appeal: { Outcome: AppealOutcome.Overturned } appeal } => $"appeal overturned by {appeal.DecidedBy}: the item is restored",
        _ => null,
    };

    private static string Sentence(IEnumerable<string?> parts) => string.Join("; ", parts.OfType<string>()) + ".";

    /// <summary>"ana", "ana and sam", "ana, ben and sam": each once, in the order they acted.</summary>
    private static string Names(IEnumerable<string> reviewers)
    {
        var names = reviewers.Distinct(StringComparer.Ordinal).ToList();
        return names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }

    private static string Clock(DateTimeOffset at) => at.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
