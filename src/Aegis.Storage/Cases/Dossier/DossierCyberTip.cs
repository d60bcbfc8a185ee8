using Aegis.Core.CyberTip;

namespace Aegis.Storage;

/// <summary>Where the CyberTipline report a case is in stands (the document itself: <c>GET /v1/cases/{id}/cybertip</c>).</summary>
/// <param name="ReportId">Aegis's id of the report.</param>
/// <param name="State">Drafted, approved, submitting, submitted or failed.</param>
/// <param name="PersonId">The reported person's account.</param>
/// <param name="CaseIds">The confirmed cases it gathers.</param>
/// <param name="Files">Files it carries (fixed when the submission begins).</param>
/// <param name="NcmecReportId">NCMEC's id, once NCMEC opened it.</param>
/// <param name="ApprovedBy">Who approved the submission (<c>system</c> for an automatic one).</param>
/// <param name="SubmittedAt">When NCMEC finished it.</param>
/// <param name="LastError">Why the last attempt failed, or why the report failed.</param>
/// <param name="Remedy">For a failed report: what a person can do.</param>
public sealed record DossierCyberTip(
    long ReportId, CyberTipState State, string PersonId, IReadOnlyList<long> CaseIds, int Files, long? NcmecReportId, string? ApprovedBy,
    DateTimeOffset? SubmittedAt, string? LastError, string? Remedy)
{
    public static DossierCyberTip From(CyberTipReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.State, r.PersonId, r.CaseIds, r.Files.Count, r.NcmecReportId, r.ApprovedBy, r.SubmittedAt, r.LastError, r.Remedy);
    }
}
