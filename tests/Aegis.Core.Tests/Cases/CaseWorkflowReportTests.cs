using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Reports;
using static Aegis.Core.Reports.PriorityLevel;
using static Aegis.Core.Reports.ReportCategory;
using static Aegis.Core.Reports.ReportSource;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class CaseWorkflowReportTests
{
    /// <summary>A first report: category, source, "this is me", minor → level, its SLA (in <see cref="Cases.Rules"/>), child safety, restricted.</summary>
    public static TheoryData<ReportCategory, ReportSource, bool, bool?, PriorityLevel, TimeSpan, bool, bool> FirstReports => new()
    {
        // The founding case: the person shown, 13 at the time, reports the video.
        { Sextortion, User, true, true, Critical, TimeSpan.FromMinutes(10), true, true },
        { ChildSexualExploitation, Anonymous, false, null, ChildSafety, TimeSpan.FromMinutes(45), true, true },
        { ChildSexualExploitation, TrustedFlagger, false, null, TrustedFlag, TimeSpan.FromMinutes(20), true, true },
        { OtherPolicy, User, false, true, ChildSafety, TimeSpan.FromMinutes(45), true, true },
        // Intimate imagery of an adult: restricted when the person shown reports it, but not a child-safety case.
        { NonConsensualIntimateImagery, User, true, false, Critical, TimeSpan.FromMinutes(10), false, true },
        { NonConsensualIntimateImagery, User, false, null, High, TimeSpan.FromHours(6), false, false },
        // Other policy is reviewed before any action.
        { OtherPolicy, User, false, null, Normal, TimeSpan.FromHours(48), false, false },
        { OtherPolicy, Anonymous, true, null, Normal, TimeSpan.FromHours(48), false, false },
    };

    [Theory]
    [MemberData(nameof(FirstReports))]
    public void A_first_report_opens_a_case_at_its_level_due_by_the_rules_sla(
        ReportCategory category, ReportSource source, bool isSubject, bool? minor, PriorityLevel level, TimeSpan sla, bool childSafety, bool restricted)
    {
        var intake = Report(category, source, isSubject, minor);

        var t = CaseWorkflow.Report(intake, ReportId, Platform, Item(), null, NewCaseId, Now, Rules);

        var c = Assert.IsType<Case>(t.Case);
        Assert.Equal(
            (NewCaseId, ContentId, CaseState.Open, level, 1, childSafety, Now, Now + sla),
            (c.Id, c.ContentId, c.State, c.Level, c.Reports, c.ChildSafety, c.OpenedAt, c.DueAt));
        Assert.Equal((null, null, null, false, null), (c.EscalatedAt, c.Claim, c.ClosedAt, c.CascadePending, c.Appeal));
        Assert.Empty(c.Decisions);
        Assert.Equal(
            restricted ? new CaseExposure(Views, Shares, Now, Views, Shares) : new CaseExposure(Views, Shares),
            c.Exposure);
        Assert.Equal(Item(status: restricted ? ContentStatus.Restricted : ContentStatus.Visible), t.Content);

        // The restriction happened first, then the case, then the report's own audit entry.
        var reason = t.Triage.Reason;
        var received = new ReportReceived(Platform, ContentId, ReportId, NewCaseId, category, source, isSubject, minor, level, TriageAction.OpenCase);
        DomainEvent[] expected = restricted
            ? [new ContentRestricted(ContentId, NewCaseId, reason), new CaseOpened(Platform, c, reason), received]
            : [new CaseOpened(Platform, c, reason), received];
        Assert.Equal(expected, t.Events);
    }

    /// <summary>
    /// A report joining an open case: the case's level and how far its SLA runs from now → the incoming report → the
    /// level and due time afterwards. A higher level brings the due time forward to its own SLA; nothing pushes it back.
    /// </summary>
    public static TheoryData<PriorityLevel, TimeSpan, ReportCategory, ReportSource, bool, PriorityLevel, TimeSpan> Joins => new()
    {
        // The same level: one more report, the clock unchanged.
        { Normal, TimeSpan.FromHours(47), OtherPolicy, User, false, Normal, TimeSpan.FromHours(47) },
        // A higher level: its shorter SLA, counted from now.
        { Normal, TimeSpan.FromHours(47), NonConsensualIntimateImagery, User, false, High, TimeSpan.FromHours(6) },
        { Normal, TimeSpan.FromHours(47), ChildSexualExploitation, User, false, ChildSafety, TimeSpan.FromMinutes(45) },
        { High, TimeSpan.FromHours(5), Sextortion, User, true, Critical, TimeSpan.FromMinutes(10) },
        // A higher level whose SLA ends later than the case's current due time: the earlier time stands.
        { High, TimeSpan.FromMinutes(1), ChildSexualExploitation, TrustedFlagger, false, TrustedFlag, TimeSpan.FromMinutes(1) },
        { High, TimeSpan.FromMinutes(-30), Sextortion, User, true, Critical, TimeSpan.FromMinutes(-30) },
        // A lower level changes neither.
        { Critical, TimeSpan.FromMinutes(5), ChildSexualExploitation, User, false, Critical, TimeSpan.FromMinutes(5) },
        { ChildSafety, TimeSpan.FromMinutes(15), OtherPolicy, User, false, ChildSafety, TimeSpan.FromMinutes(15) },
    };

    [Theory]
    [MemberData(nameof(Joins))]
    public void A_report_joins_the_open_case_and_only_a_higher_level_brings_its_due_time_forward(
        PriorityLevel openLevel, TimeSpan dueIn, ReportCategory category, ReportSource source, bool isSubject, PriorityLevel level, TimeSpan dueInAfter)
    {
        var open = OpenCase(openLevel, childSafety: false, reports: 2, dueAt: Now + dueIn);
        var item = Item(status: ContentStatus.Restricted);

        var intake = Report(category, source, isSubject);

        var t = CaseWorkflow.Report(intake, ReportId, Platform, item, open, NewCaseId, Now, Rules);

        var c = Assert.IsType<Case>(t.Case);
        Assert.Equal(TriageAction.JoinCase, t.Triage.Action);
        Assert.Equal((CaseId, 3, level, Now + dueInAfter), (c.Id, c.Reports, c.Level, c.DueAt));
        Assert.Equal(open with { Reports = 3, Level = level, DueAt = Now + dueInAfter, ChildSafety = intake.ChildMayBeHarmed }, c);
    }

    [Fact]
    public void A_joining_report_that_a_child_may_be_harmed_makes_an_other_policy_case_child_safety_and_restricts_the_item()
    {
        // Given an other-policy case opened an hour ago, its item still visible
        var open = OpenCase(Normal, childSafety: false, dueAt: Now.AddHours(47)) with { Exposure = new CaseExposure(Views, Shares) };
        var item = Item(views: 5_000, shares: 300);

        // When a report says the person shown is a minor
        var t = CaseWorkflow.Report(Report(OtherPolicy, minor: true), ReportId, Platform, item, open, NewCaseId, Now, Rules);

        // Then the item is restricted now, with the exposure at this moment, and the case is a child-safety case
        var c = Assert.IsType<Case>(t.Case);
        Assert.Equal(ContentStatus.Restricted, t.Content.Status);
        Assert.Equal(new CaseExposure(Views, Shares, Now, 5_000, 300), c.Exposure);
        Assert.Equal((true, ChildSafety, 2, Now.AddMinutes(45)), (c.ChildSafety, c.Level, c.Reports, c.DueAt));
        Assert.Equal<DomainEvent>(
            [
                new ContentRestricted(ContentId, CaseId, "a child may be harmed"),
                new CaseUpdated(Platform, c),
                new ReportReceived(Platform, ContentId, ReportId, CaseId, OtherPolicy, User, false, true, ChildSafety, TriageAction.JoinCase),
            ],
            t.Events);
    }

    [Fact]
    public void A_joining_report_on_an_item_already_restricted_changes_neither_the_item_nor_the_restriction_exposure()
    {
        // Given the case opened and restricted its item an hour ago; the item has been seen more since
        var open = OpenCase();
        var item = Item(status: ContentStatus.Restricted, views: 9_000, shares: 900);

        // When another child-safety report arrives
        var t = CaseWorkflow.Report(Report(ChildSexualExploitation), ReportId, Platform, item, open, NewCaseId, Now, Rules);

        // Then only the count rises; no second restriction is told or recorded
        var c = Assert.IsType<Case>(t.Case);
        Assert.Equal(item, t.Content);
        Assert.Equal(open.Exposure, c.Exposure);
        Assert.Equal(open with { Reports = 2 }, c);
        Assert.Equal<DomainEvent>(
            [
                new CaseUpdated(Platform, c),
                new ReportReceived(Platform, ContentId, ReportId, CaseId, ChildSexualExploitation, User, false, null, ChildSafety, TriageAction.JoinCase),
            ],
            t.Events);
    }

    [Fact]
    public void A_second_restriction_of_the_same_case_keeps_the_exposure_of_the_first()
    {
        // Given a case whose item was restricted an hour ago at 1,200 views, and is visible again
        var open = OpenCase();
        var item = Item(views: 9_000);

        // When a report restricts it again
        var t = CaseWorkflow.Report(Report(Sextortion), ReportId, Platform, item, open, NewCaseId, Now, Rules);

        // Then the platform is told, but the case keeps the first restriction's time and counts
        Assert.Equal(ContentStatus.Restricted, t.Content.Status);
        Assert.Equal(open.Exposure, t.Case!.Exposure);
        Assert.IsType<ContentRestricted>(t.Events[0]);
    }

    [Theory]
    [InlineData(CaseState.Open)]
    [InlineData(CaseState.AwaitingSecondReview)]
    public void A_case_awaiting_its_second_review_is_still_open_to_reports(CaseState state)
    {
        var open = OpenCase(state: state);

        var t = CaseWorkflow.Report(Report(ChildSexualExploitation), ReportId, Platform, Item(status: ContentStatus.Restricted), open, NewCaseId, Now, Rules);

        Assert.Equal((state, 2), (t.Case!.State, t.Case.Reports));
    }

    [Fact]
    public void A_first_report_on_an_item_already_restricted_opens_a_case_without_restricting_it_again()
    {
        // Given an item held at the gate, with no case yet
        var item = Item(status: ContentStatus.Restricted);

        // When a child-safety report arrives
        var t = CaseWorkflow.Report(Report(ChildSexualExploitation), ReportId, Platform, item, null, NewCaseId, Now, Rules);

        // Then it opens a case (only a removed item is merely acknowledged), and tells no second restriction
        var c = Assert.IsType<Case>(t.Case);
        Assert.Equal((TriageAction.OpenCase, CaseState.Open, 1), (t.Triage.Action, c.State, c.Reports));
        Assert.Equal(item, t.Content);
        Assert.Equal(new CaseExposure(Views, Shares), c.Exposure);
        Assert.Equal([typeof(CaseOpened), typeof(ReportReceived)], t.Events.Select(e => e.GetType()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_report_on_a_removed_item_is_only_acknowledged(bool withOpenCase)
    {
        // Given an item already taken down (with or without a case still open on it)
        var item = Item(status: ContentStatus.Removed);
        var open = withOpenCase ? OpenCase() : null;

        // When a report arrives
        var t = CaseWorkflow.Report(Report(Sextortion, Anonymous, isSubject: true, minor: true), ReportId, Platform, item, open, NewCaseId, Now, Rules);

        // Then no case is opened or joined, the item is unchanged, and only the report is recorded, with no case id
        Assert.Null(t.Case);
        Assert.Equal(item, t.Content);
        Assert.Equal<DomainEvent>(
            [new ReportReceived(Platform, ContentId, ReportId, null, Sextortion, Anonymous, true, true, Critical, TriageAction.Acknowledge)],
            t.Events);
    }

    [Theory]
    [InlineData(CaseState.Confirmed)]
    [InlineData(CaseState.Dismissed)]
    public void A_closed_case_is_never_joined(CaseState state)
    {
        var closed = OpenCase(state: state);

        Assert.Throws<ArgumentException>("open", () =>
            CaseWorkflow.Report(Report(ChildSexualExploitation), ReportId, Platform, Item(), closed, NewCaseId, Now, Rules));
    }
}
