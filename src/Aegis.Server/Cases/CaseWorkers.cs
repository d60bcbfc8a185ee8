using Aegis.Server.Matching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Cases;

/// <summary>
/// The case workflow's background work on every node, through <see cref="CaseService"/>: every <see cref="Period"/>,
/// escalate the cases past their SLA (selected in SQL by due time; a case another node holds is skipped) and finish any
/// cascade a dead node left pending. Due times and pending marks are in the database, so a restart forgets nothing.
/// </summary>
internal sealed partial class CaseWorkers(CaseService cases, MatcherHost host, TimeProvider time, ILogger<CaseWorkers> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await cases.EscalateDueAsync(stoppingToken) is > 0 and var n)
                {
                    LogEscalated(n);
                }

                // The cascade finds copies in the content index, so it waits until this node has loaded it.
                if (host.Ready)
                {
                    foreach (var caseId in await cases.FinishPendingCascadesAsync(stoppingToken))
                    {
                        LogFinished(caseId);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await Task.Delay(Period, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} cases passed their SLA and were escalated")]
    private partial void LogEscalated(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished the interrupted cascade of case {CaseId}")]
    private partial void LogFinished(long caseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Case work failed; retrying")]
    private partial void LogFailed(Exception e);
}
