namespace Aegis.Core.Reports;

/// <summary>
/// Victim-first triage, as plain code. A report that may involve a child restricts the content at once and goes to the
/// top of the queue; the person shown outranks everything, and a trusted flagger everything else; no proof of identity is ever needed
/// to restrict; a report on an item already removed is only acknowledged; a report on an item with an open case (or
/// on a copy of such an item) joins that case.
/// </summary>
public static class TriagePolicy
{
    /// <summary>The priority a report brings on its own.</summary>
    public static PriorityLevel LevelOf(ReportIntake report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if ((report.ReporterIsSubject || report.Source == ReportSource.ProtectPage) && report.Category != ReportCategory.OtherPolicy)
        {
            return PriorityLevel.Critical;
        }

        if (report.Source == ReportSource.TrustedFlagger)
        {
            return PriorityLevel.TrustedFlag;
        }

        return report.ChildMayBeHarmed ? PriorityLevel.ChildSafety
            : report.Category == ReportCategory.NonConsensualIntimateImagery ? PriorityLevel.High
            : PriorityLevel.Normal;
    }

    /// <summary>
    /// Restrict at once when a child may be harmed, and when the person shown reports intimate imagery of themselves
    /// (they need it down now; a reviewer can lift it). A trusted flagger's child-safety or intimate-imagery report
    /// restricts too. Other policy areas never restrict on a report alone.
    /// </summary>
    public static bool ShouldRestrict(ReportIntake report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.ChildMayBeHarmed
            || (report.Category == ReportCategory.NonConsensualIntimateImagery && (report.ReporterIsSubject || report.Source == ReportSource.TrustedFlagger));
    }

    /// <summary>Triage of one reported item, given its status and whether a case is open on it or on a copy of it.</summary>
    public static TriageOutcome Triage(ReportIntake report, ContentStatus status, bool openCase)
    {
        var level = LevelOf(report);
        if (status == ContentStatus.Removed)
        {
            return new TriageOutcome(false, level, TriageAction.Acknowledge, "already removed: acknowledged");
        }

        var restrict = ShouldRestrict(report) && status == ContentStatus.Visible;
        var why = report.ChildMayBeHarmed ? "a child may be harmed"
            : restrict ? "the person shown reports intimate imagery"
            : "reviewed before any action";
        return new TriageOutcome(restrict, level, openCase ? TriageAction.JoinCase : TriageAction.OpenCase, why);
    }

    /// <summary>A case's priority once another report joins it: the higher level, one more report.</summary>
    public static CasePriority Join(CasePriority current, PriorityLevel incoming) =>
        new(incoming > current.Level ? incoming : current.Level, current.Reports + 1);
}
