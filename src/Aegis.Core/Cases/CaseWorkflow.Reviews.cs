using Aegis.Core.Events;
using Aegis.Core.Input;
using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

public static partial class CaseWorkflow
{
    /// <summary>A reviewer takes an open case for <see cref="CaseRules.ClaimLifetime"/>; refused while another's claim holds.</summary>
    public static CaseTransition Claim(Case c, ContentState content, string reviewer, DateTimeOffset now, CaseRules rules)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(rules);
        if (string.IsNullOrWhiteSpace(reviewer))
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Invalid("A claim needs the reviewer's id."));
        }

        if (!c.IsOpen)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict($"Case {c.Id} is closed ({c.State})."));
        }

        if (HeldByAnother(c, reviewer, now) is { } held)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict($"Case {c.Id} is claimed by {held.Reviewer} until {held.Until:u}."));
        }

        var claim = new CaseClaim(reviewer, now + rules.ClaimLifetime, now);
        return new CaseTransition(c with { Claim = claim }, content, [new CaseClaimed(reviewer, c.Id, claim.Until)]);
    }

    /// <summary>The reviewer holding a case gives it back to the queue.</summary>
    public static CaseTransition Release(Case c, ContentState content, string reviewer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.ClaimAt(now) is not { } claim || claim.Reviewer != reviewer)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict($"Case {c.Id} is not claimed by {reviewer}: there is nothing to release."));
        }

        return new CaseTransition(c with { Claim = null }, content, [new CaseReleased(reviewer, c.Id)]);
    }

    /// <summary>
    /// A reviewer's decision, under <see cref="DecisionPolicy"/>: a child-safety dismissal needs two people, the second a
    /// senior; a final dismissal lifts a restriction; a confirmation closes the case with its cascade pending. Refused
    /// while another reviewer's claim holds. A decision ends its reviewer's claim: the second review is anyone's.
    /// </summary>
    public static CaseTransition Decide(Case c, ContentState content, Decision decision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(decision);
        if (c.IsOpen && HeldByAnother(c, decision.Reviewer, now) is { } held)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict(
                $"Case {c.Id} is claimed by {held.Reviewer} until {held.Until:u}: they decide it, or wait until the claim lapses."));
        }

        if (Incomplete(decision) is { } invalid)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Invalid(invalid));
        }

        var outcome = DecisionPolicy.Decide(c.State, c.ChildSafety, c.Decisions, decision);
        if (!outcome.Accepted)
        {
            // Refused by the rules: audited, and the reviewer's claim given back, so the one who may act can take the case.
            var refusal = CaseRefusal.Conflict(outcome.Refusal!);
            var release = c.IsOpen && c.ClaimAt(now)?.Reviewer == decision.Reviewer;
            var after = release ? c with { Claim = null } : c;
            return new CaseTransition(after, content, [new CaseDecisionRefused(decision.Reviewer, c.Id, decision.Kind, refusal.Message, release)], refusal);
        }

        var closed = outcome.State is CaseState.Confirmed or CaseState.Dismissed;
        var next = c with
        {
            State = outcome.State,
            Claim = null,
            Decisions = [.. c.Decisions, decision],
            ClosedAt = closed ? now : c.ClosedAt,
            EscalatedAt = outcome.Escalated ? c.EscalatedAt ?? now : c.EscalatedAt,
            CascadePending = c.CascadePending || outcome.StartCascade,
        };
        var events = new List<DomainEvent>();
        if (outcome.Escalated)
        {
            events.Add(new CaseEscalated(decision.Reviewer, next, $"escalated by {decision.Reviewer}")); // their words stay in the audited decision
        }

        if (outcome.LiftRestriction && (content.Status == ContentStatus.Restricted || (content.Status == ContentStatus.Visible && content.Demonetized)))
        {
            content = content with { Status = ContentStatus.Visible, Demonetized = false };
            events.Add(new ContentRestored(decision.Reviewer, content.ContentId, c.Id, "dismissed"));
        }

        events.Add(new CaseDecided(next, decision));
        return new CaseTransition(next, content, events);
    }

    /// <summary>
    /// The SLA ran out on an open case not yet escalated: it is escalated (once). Refused when it is closed, already
    /// escalated, or not yet due.
    /// </summary>
    public static CaseTransition Escalate(Case c, ContentState content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (!c.IsOpen || c.EscalatedAt is not null)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict($"Case {c.Id} is {(c.IsOpen ? "already escalated" : "closed")}."));
        }

        if (c.DueAt > now)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict($"Case {c.Id} is not due until {c.DueAt:u}."));
        }

        var next = c with { EscalatedAt = now };
        return new CaseTransition(next, content, [new CaseEscalated(DomainEvent.System, next, "SLA passed")]);
    }

    /// <summary>What a decision lacks to be considered at all (a 400, not a 409), or null.</summary>
    private static string? Incomplete(Decision d) =>
        Identifier.Validate("reviewer", d.Reviewer) is { } reviewer ? $"A decision needs the reviewer's id: {reviewer}"
        : string.IsNullOrWhiteSpace(d.Reason) ? $"A decision needs a reason (at most {MaxTextLength:N0} characters)."
        : FreeText.Validate("reason", d.Reason) is { } reason ? $"A decision needs a reason: {reason}"
        : d.Kind == DecisionKind.ConfirmCsam && d.Classification is null ? "Confirming child sexual abuse material needs NCMEC's classification (A1, A2, B1 or B2)."
        : null;

    private static CaseClaim? HeldByAnother(Case c, string reviewer, DateTimeOffset now) =>
        c.ClaimAt(now) is { } claim && claim.Reviewer != reviewer ? claim : null;
}
