using Aegis.Core.CyberTip;
using Aegis.CyberTip.Submission;
using Aegis.Server.Hosting;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.CyberTip;

/// <summary>
/// Runs approved CyberTipline submissions on every node (<see cref="CyberTipSaga"/>): claims a due report in the
/// database, keeps it in flight before each call to NCMEC and its outcome after, and lets go when it is done or must
/// wait. A node that dies mid-call leaves the report in flight; after its claim runs out, any node resumes it.
/// </summary>
internal sealed partial class CyberTipSubmitter(
    CyberTipStore reports,
    CyberTipDocuments documents,
    INcmecReporting ncmec,
    ClusterNodeIdentity node,
    ServerOptions options,
    TimeProvider time,
    ILogger<CyberTipSubmitter> logger) : BackgroundService
{
    private const int Batch = 16;

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    private TimeSpan Lease => TimeSpan.FromSeconds(options.CyberTip.LeaseSeconds);

    private TimeSpan FirstWait => TimeSpan.FromSeconds(options.CyberTip.RetrySeconds);

    /// <summary>Looks for due submissions now (a report was approved on this node).</summary>
    public void Wake() => _wake.Release();

    /// <summary>Runs every due submission once (for the workers, and for a caller that wants it now); returns how many it worked on.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        if (!options.CyberTip.HasCredentials)
        {
            return 0; // a node without NCMEC's credentials leaves approved reports to the nodes that have them
        }

        var worked = 0;
        foreach (var id in await reports.DueAsync(node.NodeId, Batch, cancellationToken))
        {
            if (await RunAsync(id, cancellationToken))
            {
                worked++;
            }
        }

        return worked;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await _wake.WaitAsync(TimeSpan.FromMilliseconds(options.CyberTip.PollMilliseconds), stoppingToken);
        }
    }

    /// <summary>Works one report as far as it can go now; false when another node holds it.</summary>
    private async Task<bool> RunAsync(long reportId, CancellationToken cancellationToken)
    {
        if (await reports.ClaimAsync(reportId, node.NodeId, Lease, cancellationToken) is not { } report)
        {
            return false;
        }

        try
        {
            // A call left in flight by a node that died, and an open report NCMEC has deleted since, come first.
            foreach (var settle in new Func<CyberTipReport, CyberTipTransition>[] { r => CyberTipSaga.Interrupted(r, time.GetUtcNow(), FirstWait), r => CyberTipSaga.Expire(r, time.GetUtcNow()) })
            {
                var settled = settle(report);
                if (!ReferenceEquals(settled.Report, report))
                {
                    if (!await reports.SaveAsync(settled.Report, settled.Events, node.NodeId, Lease, cancellationToken: cancellationToken))
                    {
                        return true;
                    }

                    report = settled.Report;
                }
            }

            while (CyberTipSaga.Next(report, time.GetUtcNow()) is { } step)
            {
                if (await StepAsync(report, step, cancellationToken) is not { } next)
                {
                    return true; // the claim was lost: another node has the report
                }

                report = next;
            }

            return true;
        }
        finally
        {
            await reports.ReleaseAsync(reportId, node.NodeId, CancellationToken.None);
        }
    }

    /// <summary>One call: kept in flight before it, its outcome after; null when this node's claim was lost.</summary>
    private async Task<CyberTipReport?> StepAsync(CyberTipReport report, CyberTipStep step, CancellationToken cancellationToken)
    {
        string? reportXml = null;
        if (step.Action == CyberTipAction.Submit)
        {
            // The files and the earlier reports cited are fixed now, and the document built (and checked) before it leaves.
            var prepared = await documents.PrepareAsync(report, cancellationToken);
            if (prepared.Failure is { } local)
            {
                var failed = CyberTipSaga.Failed(report, step, local, time.GetUtcNow(), FirstWait);
                return await reports.SaveAsync(failed.Report, failed.Events, node.NodeId, Lease, cancellationToken: cancellationToken) ? failed.Report : null;
            }

            (report, reportXml) = (prepared.Report, prepared.Xml);
        }
        else if (step.Action == CyberTipAction.Finish)
        {
            // The evidence is kept a year from the report before NCMEC is told it is complete.
            await documents.RetainAsync(report, cancellationToken);
        }

        var begun = CyberTipSaga.Begin(report, step);
        if (!await reports.SaveAsync(begun, [], node.NodeId, Lease, reportXml, cancellationToken))
        {
            return null;
        }

        CyberTipTransition after;
        try
        {
            var outcome = await CallAsync(begun, step, reportXml, cancellationToken);
            after = CyberTipSaga.Succeeded(begun, step, outcome, time.GetUtcNow());
        }
        catch (NcmecException e)
        {
            after = CyberTipSaga.Failed(begun, step, new CyberTipFailure(e.Message, e.ResponseCode, e.Retryable, e.ResponseCode is null && e.HttpStatus is null or (>= 200 and < 300), e.RequestId), time.GetUtcNow(), FirstWait);
        }
        catch (Exception e) when (e is CyberTipDocumentException or IOException)
        {
            after = CyberTipSaga.Failed(begun, step, new CyberTipFailure(e.Message, null, false, false, null, (e as CyberTipDocumentException)?.Remedy), time.GetUtcNow(), FirstWait);
        }

        LogStep(report.Id, step.Action, after.Report.State, after.Report.LastError);
        return await reports.SaveAsync(after.Report, after.Events, node.NodeId, Lease, cancellationToken: cancellationToken) ? after.Report : null;
    }

    private async Task<CyberTipOutcome> CallAsync(CyberTipReport report, CyberTipStep step, string? reportXml, CancellationToken cancellationToken)
    {
        switch (step.Action)
        {
            case CyberTipAction.Submit:
                var opened = await ncmec.SubmitAsync(reportXml!, cancellationToken);
                return new CyberTipOutcome(ReportId: opened.Value, RequestId: opened.RequestId);
            case CyberTipAction.Upload:
                var file = report.Files[step.File];
                var (fileName, stream) = await documents.OpenFileAsync(report, file, cancellationToken);
                await using (stream)
                {
                    var uploaded = await ncmec.UploadAsync(report.NcmecReportId!.Value, fileName, stream, cancellationToken);
                    return new CyberTipOutcome(FileId: uploaded.Value.FileId, Md5: uploaded.Value.Md5, RequestId: uploaded.RequestId);
                }

            case CyberTipAction.FileInfo:
                var details = await documents.FileDetailsAsync(report, report.Files[step.File], cancellationToken);
                var sent = await ncmec.FileInfoAsync(details, cancellationToken);
                return new CyberTipOutcome(RequestId: sent.RequestId);
            case CyberTipAction.Finish:
                var finished = await ncmec.FinishAsync(report.NcmecReportId!.Value, cancellationToken);
                return new CyberTipOutcome(RequestId: finished.RequestId);
            case CyberTipAction.Retract:
                var retracted = await ncmec.RetractAsync(report.NcmecReportId!.Value, cancellationToken);
                return new CyberTipOutcome(RequestId: retracted.RequestId);
            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CyberTipline report {ReportId}: {Action} → {State} {Error}")]
    private partial void LogStep(long reportId, CyberTipAction action, CyberTipState state, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "CyberTipline submissions failed; retrying")]
    private partial void LogFailed(Exception e);
}
