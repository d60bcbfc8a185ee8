using Aegis.Server.Webhooks;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Cases;

/// <summary>Every few seconds, escalates the open cases past their SLA (the due times are in the database: a restart forgets nothing).</summary>
internal sealed partial class SlaWatcher(CaseStore cases, WebhookDelivery hooks, ILogger<SlaWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await cases.EscalateOverdueAsync(stoppingToken) is > 0 and var n)
                {
                    LogEscalated(n);
                    hooks.Wake();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await Task.Delay(Period, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} cases passed their SLA and were escalated")]
    private partial void LogEscalated(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA check failed; retrying")]
    private partial void LogFailed(Exception e);
}
