using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Reports;
using static Aegis.Core.Cases.DecisionKind;
using static Aegis.Core.Cases.ReviewerRole;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class CaseWorkflowReviewTests
{
    /// <summary>Smallest step of a <see cref="DateTimeOffset"/>: either side of a claim's end or a due time.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static readonly ContentState Restricted = Item(status: ContentStatus.Restricted);

    [Theory]
    [InlineData(CaseState.Open, ConfirmViolation)]
    [InlineData(CaseState.Open, ConfirmCsam)]
    [InlineData(CaseState.AwaitingSecondReview, ConfirmCsam)]
    public void A_confirmation_closes_the_case_with_its_cascade_pending(CaseState state, DecisionKind kind)
    {
        // Given a case the deciding reviewer has claimed (after a first dismissal, for one row)
        var earlier = state == CaseState.AwaitingSecondReview ? [Decide("ben", Reviewer, Dismiss)] : Array.Empty<Decision>();
        var c = OpenCase(state: state, claim: new CaseClaim("ana", Now.AddMinutes(5))) with { Decisions = earlier };
        var decision = Decide("ana", Reviewer, kind);

        // When they confirm it
        var t = CaseWorkflow.Decide(c, Restricted, decision, Now);

        // Then it is closed now, the claim ends, the cascade is pending, and the item waits for the cascade
        Assert.Null(t.Refusal);
        Assert.Equal([.. earlier, decision], t.Case.Decisions);
        Assert.Equal(
            c with { State = CaseState.Confirmed, ClosedAt = Now, CascadePending = true, Claim = null, Decisions = t.Case.Decisions },
            t.Case);
        Assert.Equal(Restricted, t.Content);
        Assert.Equal<DomainEvent>([new CaseDecided(t.Case, decision)], t.Events);
    }

    [Fact]
    public void Confirming_csam_without_ncmecs_classification_is_refused()
    {
        var c = OpenCase();

        var t = CaseWorkflow.Decide(c, Restricted, new Decision("ana", Reviewer, ConfirmCsam, "explicit"), Now);

        Assert.True(t.Refused);
        Assert.Contains("classification", t.Refusal!.Message);
        Assert.Same(c, t.Case);
        Assert.Empty(t.Events);
    }

    [Theory]
    [InlineData(ContentStatus.Restricted, true)]
    [InlineData(ContentStatus.Visible, false)]
    public void One_dismissal_closes_a_case_where_no_child_is_at_risk_and_lifts_its_restriction(ContentStatus status, bool restored)
    {
        // Given an intimate-imagery case about an adult (restricted because the person shown reported it, or not)
        var c = OpenCase(PriorityLevel.Critical, childSafety: false);
        var decision = Decide("ana", Reviewer, Dismiss);

        // When one reviewer dismisses it
        var t = CaseWorkflow.Decide(c, Item(status: status), decision, Now);

        // Then it is dismissed and the item is shown again
        Assert.Equal((CaseState.Dismissed, Now, false), (t.Case.State, t.Case.ClosedAt, t.Case.CascadePending));
        Assert.Equal(Item(status: ContentStatus.Visible), t.Content);
        DomainEvent[] expected = restored
            ? [new ContentRestored("ana", ContentId, CaseId, "dismissed"), new CaseDecided(t.Case, decision)]
            : [new CaseDecided(t.Case, decision)];
        Assert.Equal(expected, t.Events);
    }

    [Theory]
    [InlineData(Reviewer)]
    [InlineData(Senior)]
    public void A_first_dismissal_of_a_child_safety_case_leaves_it_restricted_awaiting_a_second_review(ReviewerRole role)
    {
        var c = OpenCase(claim: new CaseClaim("ana", Now.AddMinutes(5)));
        var decision = Decide("ana", role, Dismiss);

        var t = CaseWorkflow.Decide(c, Restricted, decision, Now);

        // The case stays open, its claim ends (the second review is anyone's), and the item stays hidden.
        Assert.Equal(
            (CaseState.AwaitingSecondReview, true, null, null),
            (t.Case.State, t.Case.IsOpen, t.Case.ClosedAt, t.Case.Claim));
        Assert.Equal([decision], t.Case.Decisions);
        Assert.Equal(Restricted, t.Content);
        Assert.Equal<DomainEvent>([new CaseDecided(t.Case, decision)], t.Events);
    }

    /// <summary>The first dismissal (by, role) → the second (by, role) → accepted: another person, and a senior.</summary>
    public static TheoryData<string, ReviewerRole, string, ReviewerRole, bool> SecondDismissals => new()
    {
        { "ana", Reviewer, "ana", Senior, false },
        { "dan", Senior, "dan", Senior, false },
        { "ana", Reviewer, "ben", Reviewer, false },
        { "ana", Reviewer, "dan", Senior, true },
        { "ben", Senior, "dan", Senior, true },
    };

    [Theory]
    [MemberData(nameof(SecondDismissals))]
    public void A_second_dismissal_by_another_senior_closes_a_child_safety_case_and_lifts_its_restriction(
        string first, ReviewerRole firstRole, string second, ReviewerRole secondRole, bool accepted)
    {
        var c = OpenCase(state: CaseState.AwaitingSecondReview) with { Decisions = [Decide(first, firstRole, Dismiss)] };
        var decision = Decide(second, secondRole, Dismiss);

        var t = CaseWorkflow.Decide(c, Restricted, decision, Now);

        if (!accepted)
        {
            AssertRuledOut(c, Restricted, decision, t);
            return;
        }

        Assert.Equal((CaseState.Dismissed, Now), (t.Case.State, t.Case.ClosedAt));
        Assert.Equal([c.Decisions[0], decision], t.Case.Decisions);
        Assert.Equal(Item(status: ContentStatus.Visible), t.Content);
        Assert.Equal<DomainEvent>([new ContentRestored(second, ContentId, CaseId, "dismissed"), new CaseDecided(t.Case, decision)], t.Events);
    }

    [Fact]
    public void Escalating_keeps_the_case_open_and_marks_it_escalated()
    {
        var c = OpenCase(claim: new CaseClaim("ana", Now.AddMinutes(5)));
        var decision = Decide("ana", Reviewer, Escalate, "needs the law enforcement liaison");

        var t = CaseWorkflow.Decide(c, Restricted, decision, Now);

        Assert.Equal(c with { EscalatedAt = Now, Claim = null, Decisions = t.Case.Decisions }, t.Case);
        Assert.Equal([decision], t.Case.Decisions);
        Assert.Equal(Restricted, t.Content);
        Assert.Equal(2, t.Events.Count);
        var escalated = Assert.IsType<CaseEscalated>(t.Events[0]);
        Assert.Equal(("ana", CaseId, CaseState.Open, c.DueAt), (escalated.Actor, escalated.CaseId, escalated.State, escalated.DueAt));
        Assert.Equal(new CaseDecided(t.Case, decision), t.Events[1]);
    }

    [Fact]
    public void A_case_is_escalated_once_however_often_it_is_sent_up()
    {
        var earlier = Now.AddMinutes(-20);
        var c = OpenCase() with { EscalatedAt = earlier };

        var t = CaseWorkflow.Decide(c, Restricted, Decide("ana", Reviewer, Escalate), Now);

        Assert.Null(t.Refusal);
        Assert.Equal(earlier, t.Case.EscalatedAt);
    }

    /// <summary>A claim (holder, its end relative to now) → who decides → accepted. Only the holder decides while it holds.</summary>
    public static TheoryData<string, TimeSpan, string, bool> ClaimedDecisions => new()
    {
        { "ben", TimeSpan.FromMinutes(5), "ana", false },
        { "ben", Tick, "ana", false },
        { "ben", TimeSpan.Zero, "ana", true },
        { "ana", TimeSpan.FromMinutes(5), "ana", true },
    };

    [Theory]
    [MemberData(nameof(ClaimedDecisions))]
    public void While_another_reviewers_claim_holds_only_they_decide(string holder, TimeSpan endsIn, string reviewer, bool accepted)
    {
        var c = OpenCase(claim: new CaseClaim(holder, Now + endsIn));

        var t = CaseWorkflow.Decide(c, Restricted, Decide(reviewer, Reviewer, ConfirmViolation), Now);

        if (accepted)
        {
            Assert.Equal((CaseState.Confirmed, null), (t.Case.State, t.Case.Claim));
        }
        else
        {
            AssertRefused(CaseRefusalKind.Conflict, c, Restricted, t);
            Assert.Contains(holder, t.Refusal!.Message);
        }
    }

    [Theory]
    [InlineData(CaseState.Confirmed, Dismiss)]
    [InlineData(CaseState.Confirmed, ConfirmCsam)]
    [InlineData(CaseState.Dismissed, ConfirmViolation)]
    [InlineData(CaseState.Dismissed, Escalate)]
    [InlineData(CaseState.ConfirmedByMatch, Dismiss)]
    [InlineData(CaseState.ConfirmedByMatch, ConfirmCsam)]
    public void A_closed_case_takes_no_more_decisions(CaseState state, DecisionKind kind)
    {
        var c = OpenCase(state: state);
        var decision = Decide("dan", Senior, kind);

        AssertRuledOut(c, Restricted, decision, CaseWorkflow.Decide(c, Restricted, decision, Now));
    }

    [Fact]
    public void A_refused_dismissal_gives_the_claim_back_is_audited_and_the_case_says_a_senior_is_awaited()
    {
        var c = OpenCase(state: CaseState.AwaitingSecondReview) with
        {
            Decisions = [Decide("ana", Reviewer, Dismiss)],
            Claim = new CaseClaim("ben", Now.AddMinutes(30)),
        };
        Assert.Equal("ben", CaseAwaiting.For(c, Now)!.ClaimedBy);
        var decision = Decide("ben", Reviewer, Dismiss);

        var t = CaseWorkflow.Decide(c, Restricted, decision, Now);

        Assert.Equal(CaseRefusalKind.Conflict, t.Refusal?.Kind);
        Assert.Contains("senior", t.Refusal!.Message);
        Assert.Equal(c with { Claim = null }, t.Case);
        Assert.Equal(Restricted, t.Content);
        Assert.Equal<DomainEvent>([new CaseDecisionRefused("ben", CaseId, Dismiss, t.Refusal.Message, ClaimReleased: true)], t.Events);
        var awaiting = CaseAwaiting.For(t.Case, Now)!;
        Assert.Equal((Senior, (string?)null), (awaiting.Role, awaiting.ClaimedBy));
        Assert.Equal(["ana"], awaiting.NotBy);
        Assert.Contains("a senior reviewer other than ana", awaiting.Text);

        // A senior may claim it at once.
        Assert.False(CaseWorkflow.Claim(t.Case, Restricted, "dan", Now, CaseRules.Default).Refused);
    }

    [Fact]
    public void A_refusal_over_anothers_claim_is_not_audited_and_takes_nothing()
    {
        var c = OpenCase() with { Claim = new CaseClaim("ben", Now.AddMinutes(30)) };

        AssertRefused(CaseRefusalKind.Conflict, c, Restricted, CaseWorkflow.Decide(c, Restricted, Decide("ana", Senior, Dismiss), Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_decision_without_a_reason_is_refused_and_changes_nothing(string reason)
    {
        var c = OpenCase();

        var t = CaseWorkflow.Decide(c, Restricted, Decide("ana", Reviewer, ConfirmViolation, reason), Now);

        Assert.True(t.Refused);
        Assert.Contains("reason", t.Refusal!.Message);
        Assert.Same(c, t.Case);
        Assert.Empty(t.Events);
    }

    /// <summary>
    /// Decisions that are wrong in themselves, whatever the case's state: <see cref="CaseRefusalKind.Invalid"/> ("the
    /// request itself is wrong (a missing reason…)", an HTTP 400), not a conflict with the case (409), as an appeal
    /// decision without a reason already is.
    /// </summary>
    public static TheoryData<Decision> InvalidDecisions => new()
    {
        new Decision("ana", Reviewer, ConfirmViolation, ""),
        new Decision("ana", Reviewer, Dismiss, "   "),
        new Decision(" ", Reviewer, ConfirmViolation, "seen in full"),
        new Decision("ana", Reviewer, ConfirmCsam, "explicit"),
    };

    [Theory]
    [MemberData(nameof(InvalidDecisions))]
    public void A_decision_missing_what_it_needs_is_refused_as_invalid(Decision decision)
    {
        var c = OpenCase();

        AssertRefused(CaseRefusalKind.Invalid, c, Restricted, CaseWorkflow.Decide(c, Restricted, decision, Now));
    }

    [Fact]
    public void A_decision_reason_longer_than_the_limit_is_refused_as_invalid()
    {
        // CaseWorkflow.MaxTextLength is documented as the "longest appeal text and decision reason".
        var c = OpenCase();
        var decision = Decide("ana", Reviewer, ConfirmViolation, new string('x', CaseWorkflow.MaxTextLength + 1));

        AssertRefused(CaseRefusalKind.Invalid, c, Restricted, CaseWorkflow.Decide(c, Restricted, decision, Now));
    }

    /// <summary>The case (state, due relative to now, already escalated) → escalated by the SLA now.</summary>
    public static TheoryData<CaseState, TimeSpan, bool, bool> SlaEscalations => new()
    {
        { CaseState.Open, TimeSpan.Zero, false, true },
        { CaseState.Open, -Tick, false, true },
        { CaseState.AwaitingSecondReview, TimeSpan.FromHours(-1), false, true },
        { CaseState.Open, Tick, false, false },
        { CaseState.Open, TimeSpan.FromMinutes(30), false, false },
        { CaseState.Open, TimeSpan.FromHours(-1), true, false },
        { CaseState.Confirmed, TimeSpan.FromHours(-1), false, false },
        { CaseState.Dismissed, TimeSpan.FromHours(-1), false, false },
    };

    [Theory]
    [MemberData(nameof(SlaEscalations))]
    public void An_open_case_past_its_due_time_is_escalated_once(CaseState state, TimeSpan dueIn, bool alreadyEscalated, bool escalated)
    {
        var c = OpenCase(state: state, dueAt: Now + dueIn) with { EscalatedAt = alreadyEscalated ? Now.AddMinutes(-5) : null };

        var t = CaseWorkflow.Escalate(c, Restricted, Now);

        if (!escalated)
        {
            AssertRefused(CaseRefusalKind.Conflict, c, Restricted, t);
            return;
        }

        Assert.Equal(c with { EscalatedAt = Now }, t.Case);
        Assert.Equal(Restricted, t.Content);
        Assert.Equal<DomainEvent>([new CaseEscalated(DomainEvent.System, t.Case, "SLA passed")], t.Events);
        Assert.Equal(Now + dueIn, ((CaseEscalated)t.Events[0]).DueAt);
    }
}
