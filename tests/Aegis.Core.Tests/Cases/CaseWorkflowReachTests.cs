using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Reports;
using static Aegis.Core.Reports.ContentStatus;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

/// <summary>Restrict-first reaching every copy, the dismissal giving it back, exposure after restriction, and the gate's cases.</summary>
public sealed class CaseWorkflowReachTests
{
    /// <summary>The item just restricted by a report, with copies near (4) and far (25, beyond the rules' 10), and reshares three levels deep.</summary>
    private static CascadeGraph Graph() => new(
        Item(status: Restricted),
        null,
        [
            new(Item("near-copy", Visible, "other"), 4),
            new(Item("far-copy", Visible, "stranger"), 25),
            new(Item("gone-copy", Removed, "other-2"), 0),
        ],
        new Dictionary<string, IReadOnlyList<ReshareState>>
        {
            [ContentId] = [new(Item("share-1", Visible, "fan-1"), ContentId), new(Item("quote-1", Visible, "fan-2"), ContentId)],
            ["share-1"] = [new(Item("share-2", Visible, "fan-3"), "share-1")],
            ["share-2"] = [new(Item("share-3", Restricted, "fan-4"), "share-2")],
            ["near-copy"] = [new(Item("copy-share", Visible, "fan-5"), "near-copy")],
            ["far-copy"] = [new(Item("far-share", Visible, "fan-6"), "far-copy")],
        });

    [Fact]
    public void A_restriction_reaches_reshares_at_every_depth_and_near_copies_holds_far_ones_and_demonetizes_them_all()
    {
        var c = OpenCase();

        var t = CaseWorkflow.Reach(c, Graph(), new HashSet<string>(), Rules);

        // Restricted: every reshare (three levels, quotes too), the near copy and its reshare; the far copy held; nothing
        // removed touched; the far copy's reshare left to the held copy's reviewer.
        Assert.Equal(
            new Dictionary<string, (ContentStatus, bool)>
            {
                [ContentId] = (Restricted, true),
                ["near-copy"] = (Restricted, true),
                ["far-copy"] = (Restricted, false),
                ["share-1"] = (Restricted, true), ["quote-1"] = (Restricted, true), ["share-2"] = (Restricted, true),
                ["share-3"] = (Restricted, true), ["copy-share"] = (Restricted, true),
            },
            t.Changed.ToDictionary(x => x.Key, x => (x.Value.Status, x.Value.Demonetized)));
        Assert.Equal(
            [
                new CaseLink("near-copy", CaseLinkKind.Copy, 4), new CaseLink("far-copy", CaseLinkKind.HeldCopy, 25),
                new CaseLink("quote-1", CaseLinkKind.Reshare), new CaseLink("share-1", CaseLinkKind.Reshare),
                new CaseLink("copy-share", CaseLinkKind.Reshare), new CaseLink("share-2", CaseLinkKind.Reshare),
                new CaseLink("share-3", CaseLinkKind.Reshare),
            ],
            t.Links.OrderBy(l => l.Kind is CaseLinkKind.Copy or CaseLinkKind.HeldCopy ? 0 : 1)); // a stable sort: the planner's order within each
        Assert.Equal("far-copy", Assert.Single(t.Held).Content.ContentId);
        Assert.Equal(6, t.Events.OfType<ContentRestricted>().Count()); // five reached items that were visible (share-3 was not), and the far copy
        Assert.Equal(7, t.Events.OfType<ContentDemonetized>().Count()); // the item, five reshares, the near copy
        Assert.All(t.Events.OfType<ContentRestricted>(), e => Assert.Equal(CaseId, e.CaseId));
        Assert.DoesNotContain(t.Events, e => e.AuditSubject is "content:gone-copy" or "content:far-share");
    }

    [Fact]
    public void Reaching_again_links_and_tells_nothing_twice()
    {
        var c = OpenCase();
        var first = CaseWorkflow.Reach(c, Graph(), new HashSet<string>(), Rules);
        var after = Apply(Graph(), first.Changed);

        var again = CaseWorkflow.Reach(c, after, first.Links.Select(l => l.ContentId).ToHashSet(), Rules);

        Assert.Empty(again.Changed);
        Assert.Empty(again.Links);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void A_reported_copy_joining_the_originals_case_is_linked_as_a_copy_and_the_cases_own_item_never_is()
    {
        // Given the case of "original", and a report of a copy of it (distance 5) that joined that case
        var c = OpenCase() with { ContentId = "original" };
        var graph = new CascadeGraph(
            Item("copy", Restricted),
            null,
            [new(Item("original", Restricted), 5), new(Item("linked-near", Restricted), 25)],
            new Dictionary<string, IReadOnlyList<ReshareState>> { ["copy"] = [new(Item("copy-share", Visible, "fan"), "copy")] });

        // (and a copy already linked to the case, near its item but far from this copy)
        // When the reach runs from the reported copy
        var t = CaseWorkflow.Reach(c, graph, new HashSet<string> { "linked-near" }, Rules);

        // Then the copy and its reshare are linked, the case's own item is not, the linked copy is not held for review
        // again, and the reshare is restricted
        Assert.Equal([new CaseLink("copy", CaseLinkKind.Copy, 5), new CaseLink("copy-share", CaseLinkKind.Reshare)], t.Links);
        Assert.Equal((Restricted, true), (t.Changed["copy-share"].Status, t.Changed["copy-share"].Demonetized));
        Assert.Empty(t.Held);
    }

    [Fact]
    public void A_dismissal_gives_back_what_no_other_case_holds()
    {
        var c = OpenCase() with { State = CaseState.Dismissed };
        var items = new List<(ContentState, bool)>
        {
            (Item("share-1", Restricted) with { Demonetized = true }, false),
            (Item("share-2", Restricted) with { Demonetized = true }, true), // another case's too
            (Item("gone", Removed) with { Demonetized = true }, false),
            (Item("visible-unpaid", Visible) with { Demonetized = true }, false),
        };

        var t = CaseWorkflow.Lift(c, items, "dan");

        Assert.Equal(["share-1", "visible-unpaid"], t.Changed.Keys.Order());
        Assert.All(t.Changed.Values, s => Assert.Equal((Visible, false), (s.Status, s.Demonetized)));
        Assert.Equal<DomainEvent>(
            [new ContentRestored("dan", "share-1", CaseId, $"case {CaseId} dismissed"), new ContentRestored("dan", "visible-unpaid", CaseId, $"case {CaseId} dismissed")],
            t.Events);
        Assert.Empty(CaseWorkflow.Lift(OpenCase(state: CaseState.AwaitingSecondReview), items, "dan").Events);
    }

    [Fact]
    public void Views_of_a_restricted_item_raise_an_alert_at_most_once_an_hour()
    {
        var restricted = Item(status: Restricted, views: 100, shares: 5);

        var (after, alert) = CaseWorkflow.ReportExposure(restricted, 150, 5, null, [CaseId], Now);
        Assert.Equal((150L, 5L), (after.Views, after.Shares));
        Assert.Equal(new ContentExposedAfterRestriction(ContentId, Restricted, 150, 5, 100, 5, alert!.CaseIds), alert);
        Assert.Equal([CaseId], alert.CaseIds);

        Assert.Null(CaseWorkflow.ReportExposure(after, 160, 5, Now, [CaseId], Now.AddMinutes(59)).Alert);
        Assert.NotNull(CaseWorkflow.ReportExposure(after, 160, 5, Now, [CaseId], Now.AddHours(1)).Alert);
        Assert.NotNull(CaseWorkflow.ReportExposure(Item(status: Removed, views: 1, shares: 0), 1, 1, null, [], Now).Alert); // shares count too
        Assert.Null(CaseWorkflow.ReportExposure(restricted, 100, 5, null, [], Now).Alert); // nothing rose
        Assert.Null(CaseWorkflow.ReportExposure(restricted, 90, 1, null, [], Now).Alert); // lower counts are ignored
        Assert.Null(CaseWorkflow.ReportExposure(Item(views: 1), 500, 5, null, [], Now).Alert); // visible: nothing failed
    }

    [Fact]
    public void A_block_at_the_gate_opens_a_case_confirmed_by_the_match()
    {
        var match = new CaseMatch("ncmec-standin", 42, "md5", 0, "ncmec-2026-11");

        var t = CaseWorkflow.OpenAtGate(CaseOrigin.GateBlock, Item(views: 0, shares: 0), match, null, 9, Now, Rules);

        Assert.Equal((CaseState.ConfirmedByMatch, CaseOrigin.GateBlock, match, true, PriorityLevel.Critical), (t.Case.State, t.Case.Origin, t.Case.Match, t.Case.ChildSafety, t.Case.Level));
        Assert.Equal((Removed, true), (t.Content.Status, t.Content.Demonetized));
        Assert.Equal((Now, Now, Now), (t.Case.ClosedAt, t.Case.Exposure.RestrictedAt, t.Case.Exposure.RemovedAt));
        Assert.False(t.Case.IsOpen);
        Assert.Null(CaseAwaiting.For(t.Case, Now));
        var opened = Assert.IsType<CaseOpened>(Assert.Single(t.Events));
        Assert.Equal((CaseOrigin.GateBlock, match), (opened.Origin, opened.Match));
        Assert.Contains("bank 'ncmec-standin' entry 42 (md5, from ncmec-2026-11)", opened.Reason);
        Assert.Equal("case.opened", opened.WebhookType);
    }

    [Fact]
    public void A_hold_at_the_gate_opens_a_critical_review_case_and_a_suspended_uploaders_upload_joins_its_case()
    {
        var frame = new CaseMatch("review", 3, "pdq", 12, null, Frame: 150, FrameSeconds: 5.005);
        var hold = CaseWorkflow.OpenAtGate(CaseOrigin.GateHold, Item(), frame, null, 9, Now, Rules);
        Assert.Equal((CaseState.Open, Restricted, Now + Rules.Sla.Critical, frame), (hold.Case.State, hold.Content.Status, hold.Case.DueAt, hold.Case.Match));
        Assert.EndsWith("matches bank 'review' entry 3 (pdq, distance 12) at video frame 150 (5.005 s)", Assert.IsType<CaseOpened>(Assert.Single(hold.Events)).Reason);

        var suspended = CaseWorkflow.OpenAtGate(CaseOrigin.SuspendedUploader, Item(), null, 5, 10, Now, Rules);
        Assert.Equal((CaseState.Open, CaseOrigin.SuspendedUploader, 5L, (CaseMatch?)null), (suspended.Case.State, suspended.Case.Origin, suspended.Case.RelatedCaseId, suspended.Case.Match));
        Assert.Equal(5L, Assert.IsType<CaseOpened>(Assert.Single(suspended.Events)).FromCaseId);
        Assert.Throws<ArgumentNullException>(() => CaseWorkflow.OpenAtGate(CaseOrigin.GateBlock, Item(), null, null, 9, Now, Rules));
        Assert.Throws<ArgumentOutOfRangeException>(() => CaseWorkflow.OpenAtGate(CaseOrigin.Report, Item(), null, null, 9, Now, Rules));
    }

    [Fact]
    public void A_cascade_suspends_an_account_already_suspended_by_another_case_no_more()
    {
        var graph = new CascadeGraph(Item(status: Restricted), null, [], new Dictionary<string, IReadOnlyList<ReshareState>>())
        {
            SuspendedAccounts = new HashSet<string> { Uploader },
        };

        var t = CaseWorkflow.Cascade(ConfirmedCase(), graph, Now, Rules);

        Assert.DoesNotContain(t.Events, e => e is AccountSuspended);
        Assert.Contains(t.Events, e => e is ContentRemoved);
    }

    private static CascadeGraph Apply(CascadeGraph g, IReadOnlyDictionary<string, ContentState> changed)
    {
        ContentState Now(ContentState s) => changed.GetValueOrDefault(s.ContentId) ?? s;
        return new CascadeGraph(
            Now(g.Root), g.RootParentId, [.. g.Copies.Select(x => x with { Content = Now(x.Content) })],
            g.Reshares.ToDictionary(x => x.Key, x => (IReadOnlyList<ReshareState>)[.. x.Value.Select(r => r with { Content = Now(r.Content) })]));
    }
}
