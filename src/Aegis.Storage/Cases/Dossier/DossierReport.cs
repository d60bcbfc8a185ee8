using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>A report a case took.</summary>
/// <param name="Id">The report.</param>
/// <param name="ContentId">The item it named (the case's item, or a copy of it that joined the case).</param>
/// <param name="ReceivedAt">When it came.</param>
/// <param name="Category">What it says is wrong.</param>
/// <param name="Source">User, anonymous or trusted flagger.</param>
/// <param name="ReporterId">The reporting account or the flagger's key, if any.</param>
/// <param name="ReporterIsSubject">The reporter says they are the person shown.</param>
/// <param name="SubjectWasMinor">The reporter says the person shown was under 18 (null: not said).</param>
/// <param name="Text">What the reporter wrote.</param>
/// <param name="Outcome">What triage did: opened the case, joined it, or only acknowledged it.</param>
/// <param name="Restricted">The report restricted the item.</param>
public sealed record DossierReport(
    long Id, string ContentId, DateTimeOffset ReceivedAt, ReportCategory Category, ReportSource Source, string? ReporterId,
    bool ReporterIsSubject, bool? SubjectWasMinor, string? Text, TriageAction Outcome, bool Restricted)
{
    /// <summary>Who reported: a trusted flagger, the person shown, a user, or someone anonymous (in that order of precedence).</summary>
    public ReporterKind Reporter => Source == ReportSource.TrustedFlagger ? ReporterKind.TrustedFlagger
        : ReporterIsSubject || Source == ReportSource.ProtectPage ? ReporterKind.Victim
        : Source == ReportSource.User ? ReporterKind.User
        : ReporterKind.Anonymous;
}
