using Aegis.Core.Reports;
using static Aegis.Core.Reports.ReportCategory;
using static Aegis.Core.Reports.ReportSource;

namespace Aegis.Core.Tests;

public sealed class TriagePolicyTests
{
    /// <summary>The policy as a table: category, source, "this is me", minor → restrict now, level.</summary>
    public static TheoryData<ReportCategory, ReportSource, bool, bool?, bool, PriorityLevel> Table => new()
    {
        // The founding case: the person shown, 13 at the time, reports the video.
        { Sextortion, User, true, true, true, PriorityLevel.Critical },
        { ChildSexualExploitation, Anonymous, false, null, true, PriorityLevel.ChildSafety },
        { ChildSexualExploitation, User, false, null, true, PriorityLevel.ChildSafety },
        { ChildSexualExploitation, TrustedFlagger, false, null, true, PriorityLevel.TrustedFlag },
        { Sextortion, Anonymous, false, null, true, PriorityLevel.ChildSafety },
        // No proof of identity is needed: an anonymous "this is me, I was a minor" restricts and outranks everything.
        { NonConsensualIntimateImagery, Anonymous, true, true, true, PriorityLevel.Critical },
        { NonConsensualIntimateImagery, User, false, true, true, PriorityLevel.ChildSafety },
        { NonConsensualIntimateImagery, User, true, false, true, PriorityLevel.Critical },
        { NonConsensualIntimateImagery, User, false, null, false, PriorityLevel.High },
        { NonConsensualIntimateImagery, TrustedFlagger, false, false, true, PriorityLevel.TrustedFlag },
        { OtherPolicy, User, false, null, false, PriorityLevel.Normal },
        { OtherPolicy, Anonymous, true, null, false, PriorityLevel.Normal },
        { OtherPolicy, TrustedFlagger, false, null, false, PriorityLevel.TrustedFlag },
        // A minor in an "other" report is still a child who may be harmed.
        { OtherPolicy, User, false, true, true, PriorityLevel.ChildSafety },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_report_gets_its_restriction_and_priority(
        ReportCategory category, ReportSource source, bool isSubject, bool? minor, bool restrict, PriorityLevel level)
    {
        var report = new ReportIntake(["post-1"], category, source, isSubject, minor, null, null);

        var outcome = TriagePolicy.Triage(report, ContentStatus.Visible, openCase: false);

        Assert.Equal((restrict, level, TriageAction.OpenCase), (outcome.Restrict, outcome.Level, outcome.Action));
    }

    [Theory]
    [InlineData(ContentStatus.Visible, false, true, TriageAction.OpenCase)]
    [InlineData(ContentStatus.Visible, true, true, TriageAction.JoinCase)]
    [InlineData(ContentStatus.Restricted, true, false, TriageAction.JoinCase)]
    [InlineData(ContentStatus.Removed, false, false, TriageAction.Acknowledge)]
    [InlineData(ContentStatus.Removed, true, false, TriageAction.Acknowledge)]
    public void Status_and_open_cases_decide_whether_to_restrict_join_or_acknowledge(ContentStatus status, bool openCase, bool restrict, TriageAction action)
    {
        var report = new ReportIntake(["post-1"], ChildSexualExploitation, User, false, null, "acct-2", null);

        var outcome = TriagePolicy.Triage(report, status, openCase);

        Assert.Equal((restrict, action), (outcome.Restrict, outcome.Action));
    }

    [Fact]
    public void More_reports_raise_a_cases_priority_and_a_higher_level_lifts_it()
    {
        var start = new CasePriority(PriorityLevel.Normal, 1);

        var second = TriagePolicy.Join(start, PriorityLevel.Normal);
        var victim = TriagePolicy.Join(second, PriorityLevel.Critical);
        var later = TriagePolicy.Join(victim, PriorityLevel.Normal);

        Assert.True(second > start);
        Assert.Equal(new CasePriority(PriorityLevel.Critical, 3), victim);
        Assert.Equal(new CasePriority(PriorityLevel.Critical, 4), later);
        Assert.True(new CasePriority(PriorityLevel.ChildSafety, 1) > new CasePriority(PriorityLevel.High, 50));
    }

    [Fact]
    public void Each_level_has_its_sla()
    {
        var opened = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(opened.AddMinutes(30), SlaPolicy.Default.DueAt(opened, PriorityLevel.Critical));
        Assert.Equal(opened.AddHours(1), SlaPolicy.Default.DueAt(opened, PriorityLevel.ChildSafety));
        Assert.Equal(opened.AddHours(72), SlaPolicy.Default.DueAt(opened, PriorityLevel.Normal));
    }
}
