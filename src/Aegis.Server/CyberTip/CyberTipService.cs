using Aegis.Core.CyberTip;
using Aegis.Server.Api;
using Aegis.Storage;

namespace Aegis.Server.CyberTip;

/// <summary>A case's CyberTipline report for people: its view (the draft's XML built now) and a reviewer's approval.</summary>
internal sealed class CyberTipService(CyberTipStore reports, CyberTipDocuments documents, CyberTipSubmitter submitter, Hosting.ServerOptions options)
{
    /// <summary>The report the case is in, audited as viewed; null when there is none.</summary>
    public async Task<CyberTipView?> ViewAsync(long caseId, string actor, CancellationToken cancellationToken) =>
        await reports.ViewAsync(caseId, actor, cancellationToken) is { } report ? await ToViewAsync(report, cancellationToken) : null;

    /// <summary>Approves the submission (the workers send it); null when the case is in no report.</summary>
    public async Task<CyberTipView?> ApproveAsync(long caseId, string actor, CancellationToken cancellationToken)
    {
        try
        {
            var approved = await reports.ApproveAsync(caseId, actor, cancellationToken);
            submitter.Wake();
            return await ToViewAsync(approved, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    private async Task<CyberTipView> ToViewAsync(CyberTipReport r, CancellationToken cancellationToken)
    {
        var (xml, errors) = r.State == CyberTipState.Submitted
            ? (await reports.SubmittedXmlAsync(r.Id, cancellationToken), (IReadOnlyList<string>)[])
            : await documents.DraftAsync(r, cancellationToken);
        return new CyberTipView(
            r.Id, r.State, r.PersonId, r.CaseIds, r.NcmecReportId, r.FollowUpOf,
            [.. r.Files.Select(f => new CyberTipFileView(f.EvidenceId, f.CaseId, f.ContentId, f.FileId, f.Md5, f.InfoSent))],
            r.ApprovedBy, r.SubmittedAt, r.State is CyberTipState.Approved or CyberTipState.Submitting ? r.NextAttemptAt : null,
            r.LastError ?? (r.State is CyberTipState.Approved && !options.CyberTip.HasCredentials
                ? "Waiting for NCMEC's credentials: no node has CyberTip:Username and CyberTip:Password set." : null),
            r.LastCode, r.LastRequestId, r.Remedy, xml, errors);
    }
}
