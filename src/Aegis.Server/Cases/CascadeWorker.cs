using Aegis.Server.Matching;
using Aegis.Server.Webhooks;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Cases;

/// <summary>
/// Finishes cascades a node did not get to run (it died between a confirmation and its cascade): every second, on any
/// node, each pending cascade runs once — its transaction clears the mark, so nothing is done twice.
/// </summary>
internal sealed partial class CascadeWorker(
    CaseStore cases, ContentStore contents, ContentIndex index, MatcherHost host, WebhookDelivery hooks, ILogger<CascadeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (host.Ready)
                {
                    foreach (var (caseId, contentId) in await cases.PendingCascadesAsync(stoppingToken))
                    {
                        var item = await contents.FindAsync(contentId, stoppingToken);
                        var copies = item is null ? [] : index.FindCopies(item.RowId, item.Record);
                        if (await cases.RunCascadeAsync(caseId, copies, stoppingToken))
                        {
                            LogFinished(caseId);
                            hooks.Wake();
                            await host.CatchUpNowAsync(stoppingToken);
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished the interrupted cascade of case {CaseId}")]
    private partial void LogFinished(long caseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Finishing pending cascades failed; retrying")]
    private partial void LogFailed(Exception e);
}
