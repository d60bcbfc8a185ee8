using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Reports;
using static Aegis.Core.Reports.ContentStatus;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class CaseWorkflowCascadeTests
{
    /// <summary>The confirmed item, restricted on report and seen a little more since.</summary>
    private static readonly ContentState Root = Item(status: Restricted, views: 1_300, shares: 45);

    /// <summary>
    /// The founding case's graph. Copies by hash: one already removed (distance 2), one near (4), one far (25, beyond
    /// the rules' 10). Reshares: two of the root (one by the uploader), a reshare of a reshare, and one of the far copy.
    /// </summary>
    private static CascadeGraph Graph(ContentStatus farCopy = Visible) => new(
        Root,
        null,
        [
            new(Item("removed-copy", Removed, "other-2"), 2),
            new(Item("near-copy", Visible, "other"), 4),
            new(Item("far-copy", farCopy, "stranger", views: 300, shares: 5), 25),
        ],
        new Dictionary<string, IReadOnlyList<ReshareState>>
        {
            [ContentId] = [new(Item("share-1", Visible, "fan-1"), ContentId), new(Item("share-2", Visible, Uploader), ContentId)],
            ["share-1"] = [new(Item("share-3", Restricted, "fan-2"), "share-1")],
            ["far-copy"] = [new(Item("far-share", Visible, "fan-3"), "far-copy")],
        });

    [Fact]
    public void A_confirmed_cases_cascade_removes_the_item_its_near_copies_and_reshares_and_holds_far_copies()
    {
        // Given the founding case, confirmed by "ana", its cascade pending
        var c = ConfirmedCase();

        // When the cascade runs
        var t = CaseWorkflow.Cascade(c, Graph(), Now, Rules);

        // Then every step happened once, in the planner's order, the already removed copy only demonetized
        Assert.Null(t.Refusal);
        Assert.Equal(
            [
                "ContentRemoved content:video-1", "ContentDemonetized content:video-1", "AccountSuspended account:uploader",
                "ContentDemonetized content:removed-copy", "AccountReviewRequested account:other-2",
                "ContentRemoved content:near-copy", "ContentDemonetized content:near-copy", "AccountReviewRequested account:other",
                "ContentRestricted content:far-copy", "AccountReviewRequested account:stranger",
                "ContentRemoved content:share-1", "ContentDemonetized content:share-1", "AccountReviewRequested account:fan-1",
                "ContentRemoved content:share-2", "ContentDemonetized content:share-2",
                "ContentRemoved content:share-3", "ContentDemonetized content:share-3", "AccountReviewRequested account:fan-2",
                "CascadeApplied case:7",
            ],
            t.Events.Select(e => $"{e.GetType().Name} {e.AuditSubject}"));
        Assert.Equal(new ContentRemoved(ContentId, CaseId, "confirmed"), t.Events[0]);
        Assert.Equal(new AccountSuspended(Uploader, CaseId, $"uploaded {ContentId}"), t.Events[2]);

        // 20 planned steps (the removed copy's removal among them), 5 removals, 1 item banked; by the confirming reviewer.
        Assert.Equal(new CascadeApplied("ana", CaseId, 20, 5, 1), t.Events[^1]);

        // Only what changed is returned (the copy removed before is now demonetized too): the far copy's reshare is left
        // for the reviewer of the held copy.
        Assert.Equal(
            new Dictionary<string, ContentStatus>
            {
                [ContentId] = Removed, ["removed-copy"] = Removed, ["near-copy"] = Removed, ["far-copy"] = Restricted,
                ["share-1"] = Removed, ["share-2"] = Removed, ["share-3"] = Removed,
            },
            t.Changed.ToDictionary(x => x.Key, x => x.Value.Status));
        Assert.All(t.Changed, x => Assert.Equal(x.Key, x.Value.ContentId));
        Assert.Equal([ContentId], t.Bank);
        Assert.Equal(
            [new HeldCopy(Item("far-copy", Restricted, "stranger", views: 300, shares: 5), "a copy of video-1 (distance 25): held for review")],
            t.Held);
    }

    [Fact]
    public void A_rings_accounts_are_suspended_with_the_sender_not_queued_for_review_and_an_account_suspended_before_is_not_told_twice()
    {
        // Given a confirmed conversation whose ring is the near copy's uploader, two more accounts, and one already suspended
        var graph = Graph() with
        {
            RingAccounts = new HashSet<string>(StringComparer.Ordinal) { "other", "ring-b", "ring-a", "ring-gone", Uploader },
            SuspendedAccounts = new HashSet<string>(StringComparer.Ordinal) { "ring-gone" },
        };

        // When the cascade runs
        var t = CaseWorkflow.Cascade(ConfirmedCase(), graph, Now, Rules);

        // Then each ring account is suspended once (in name order, after the planner's steps), none is queued for review
        Assert.Equal(
            [Uploader, "other", "ring-a", "ring-b"],
            t.Events.OfType<AccountSuspended>().Select(e => e.AccountId));
        Assert.DoesNotContain(t.Events.OfType<AccountReviewRequested>(), e => e.AccountId == "other");
        Assert.Contains(t.Events.OfType<AccountSuspended>(), e => e.AccountId == "ring-a" && e.Reason.Contains("(a ring)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_cascade_records_the_items_exposure_at_removal_and_runs_once()
    {
        var c = ConfirmedCase();

        var t = CaseWorkflow.Cascade(c, Graph(), Now, Rules);
        var again = CaseWorkflow.Cascade(t.Case, Graph(), Now.AddMinutes(1), Rules);

        Assert.Equal(
            c with { CascadePending = false, Exposure = c.Exposure with { RemovedAt = Now, ViewsAtRemoval = 1_300, SharesAtRemoval = 45 } },
            t.Case);
        Assert.Equal(CaseRefusalKind.Conflict, again.Refusal?.Kind);
        Assert.Empty(again.Events);
    }

    /// <summary>The far copy's status → whether the cascade restricts it (and says so) and holds it for review.</summary>
    [Theory]
    [InlineData(Visible, true, true)]
    [InlineData(Restricted, false, true)]
    [InlineData(Removed, false, false)]
    public void A_far_copy_is_restricted_if_visible_and_held_unless_already_removed(ContentStatus status, bool restricted, bool held)
    {
        var t = CaseWorkflow.Cascade(ConfirmedCase(), Graph(status), Now, Rules);

        Assert.Equal(restricted, t.Events.Contains(new ContentRestricted("far-copy", CaseId, "a copy of video-1 (distance 25): held for review", Held: true)));
        Assert.Equal(restricted, t.Changed.ContainsKey("far-copy"));
        string[] heldIds = held ? ["far-copy"] : [];
        Assert.Equal(heldIds, t.Held.Select(h => h.Content.ContentId));
        Assert.All(t.Held, h => Assert.Equal(Restricted, h.Content.Status));
    }

    /// <summary>The case (state, cascade pending, confirmed by a decision) → all refused: only a confirmed case's pending cascade runs.</summary>
    public static TheoryData<CaseState, bool, bool> NoCascade => new()
    {
        { CaseState.Confirmed, false, true },
        { CaseState.Open, true, true },
        { CaseState.AwaitingSecondReview, true, true },
        { CaseState.Dismissed, true, true },
        { CaseState.Confirmed, true, false },
    };

    [Theory]
    [MemberData(nameof(NoCascade))]
    public void Only_a_confirmed_cases_pending_cascade_runs(CaseState state, bool pending, bool confirmedByDecision)
    {
        var c = ConfirmedCase() with { State = state, CascadePending = pending };
        c = confirmedByDecision ? c : c with { Decisions = [] };

        var t = CaseWorkflow.Cascade(c, Graph(), Now, Rules);

        Assert.Equal(CaseRefusalKind.Conflict, t.Refusal?.Kind);
        Assert.Same(c, t.Case);
        Assert.Empty(t.Changed);
        Assert.Empty(t.Events);
        Assert.Empty(t.Bank);
        Assert.Empty(t.Held);
    }

    [Fact]
    public void A_held_copy_without_a_case_gets_one_at_the_confirmed_cases_level_with_no_report()
    {
        // Given the confirmed case (critical, child safety) and the far copy its cascade held
        var confirmed = ConfirmedCase() with { Level = PriorityLevel.Critical };
        var held = new HeldCopy(Item("far-copy", Restricted, "stranger", views: 300, shares: 5), "held for review");

        // When it goes to review
        var t = CaseWorkflow.Hold(confirmed, held, null, NewCaseId, Now, Rules);

        // Then a new open case is due by the critical SLA, and its restriction's exposure is recorded now
        Assert.Null(t.Refusal);
        var c = t.Case;
        Assert.Equal(
            (NewCaseId, "far-copy", CaseState.Open, PriorityLevel.Critical, 0, true, Now, Now.AddMinutes(10)),
            (c.Id, c.ContentId, c.State, c.Level, c.Reports, c.ChildSafety, c.OpenedAt, c.DueAt));
        Assert.Equal((null, null, null, false), (c.EscalatedAt, c.Claim, c.ClosedAt, c.CascadePending));
        Assert.Equal(new CaseExposure(300, 5, Now, 300, 5), c.Exposure);
        Assert.Equal(held.Content, t.Content);
        Assert.Equal<DomainEvent>([new CaseOpened(DomainEvent.System, c, "held for review", CaseId)], t.Events);
    }

    /// <summary>
    /// The held copy's open case (level, due relative to now, child safety) → afterwards (level, due, child safety,
    /// updated). The confirmed case is child safety, at <see cref="PriorityLevel.ChildSafety"/> (45 minutes).
    /// </summary>
    public static TheoryData<PriorityLevel, TimeSpan, bool, PriorityLevel, TimeSpan, bool, bool> HeldWithCase => new()
    {
        { PriorityLevel.Normal, TimeSpan.FromHours(40), false, PriorityLevel.ChildSafety, TimeSpan.FromMinutes(45), true, true },
        // Raised, but an earlier due time stands.
        { PriorityLevel.High, TimeSpan.FromMinutes(1), false, PriorityLevel.ChildSafety, TimeSpan.FromMinutes(1), true, true },
        // Already as high, or higher: unchanged, nothing told.
        { PriorityLevel.ChildSafety, TimeSpan.FromMinutes(30), true, PriorityLevel.ChildSafety, TimeSpan.FromMinutes(30), true, false },
        { PriorityLevel.Critical, TimeSpan.FromMinutes(5), true, PriorityLevel.Critical, TimeSpan.FromMinutes(5), true, false },
        // Higher, but not yet a child-safety case: it becomes one.
        { PriorityLevel.TrustedFlag, TimeSpan.FromMinutes(5), false, PriorityLevel.TrustedFlag, TimeSpan.FromMinutes(5), true, true },
    };

    [Theory]
    [MemberData(nameof(HeldWithCase))]
    public void A_held_copy_with_an_open_case_raises_that_case_to_the_confirmed_cases_level(
        PriorityLevel level, TimeSpan dueIn, bool childSafety, PriorityLevel levelAfter, TimeSpan dueInAfter, bool childSafetyAfter, bool updated)
    {
        var confirmed = ConfirmedCase();
        var open = OpenCase(level, childSafety, dueAt: Now + dueIn) with { Id = 12, ContentId = "far-copy", Reports = 3 };
        var held = new HeldCopy(Item("far-copy", Restricted, "stranger"), "held for review");

        var t = CaseWorkflow.Hold(confirmed, held, open, NewCaseId, Now, Rules);

        Assert.Null(t.Refusal);
        Assert.Equal(open with { Level = levelAfter, DueAt = Now + dueInAfter, ChildSafety = childSafetyAfter }, t.Case);
        Assert.Equal(held.Content, t.Content);
        DomainEvent[] expected = updated ? [new CaseUpdated(DomainEvent.System, t.Case)] : [];
        Assert.Equal(expected, t.Events);
    }
}
