namespace Aegis.Core.Reports;

/// <summary>A report as it arrives.</summary>
/// <param name="ContentIds">The reported content (one or more of the platform's ids).</param>
/// <param name="Category">What is wrong.</param>
/// <param name="Source">User, anonymous or trusted flagger.</param>
/// <param name="ReporterIsSubject">The reporter says they are the person shown.</param>
/// <param name="SubjectWasMinor">The reporter says the person shown was under 18 (null: not said).</param>
/// <param name="ReporterId">The reporting account or the flagger's name, if any.</param>
/// <param name="Text">What the reporter wrote.</param>
public sealed record ReportIntake(
    IReadOnlyList<string> ContentIds,
    ReportCategory Category,
    ReportSource Source,
    bool ReporterIsSubject,
    bool? SubjectWasMinor,
    string? ReporterId,
    string? Text)
{
    /// <summary>A child may be harmed: child sexual exploitation, sextortion, grooming, or a person shown who was a minor.</summary>
    public bool ChildMayBeHarmed =>
        Category is ReportCategory.ChildSexualExploitation or ReportCategory.Sextortion or ReportCategory.Grooming || SubjectWasMinor == true;
}
