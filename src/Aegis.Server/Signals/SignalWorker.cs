using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Signals;

/// <summary>
/// The message signals' background work on every node: every <see cref="Period"/>, open the cases of signals a node
/// left pending (it died between storing a signal and opening its case; the marks are in the database), and, about
/// hourly, forget the text of conversations whose retention has ended.
/// </summary>
internal sealed partial class SignalWorker(SignalService signals, SignalStore store, ServerOptions options, TimeProvider time, ILogger<SignalWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Signals.Enabled)
        {
            return;
        }

        var lastPurge = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await store.AnyLeftPendingAsync(stoppingToken) && await signals.FinishPendingAsync(stoppingToken) is > 0 and var n)
                {
                    LogFinished(n);
                }

                if (time.GetUtcNow() - lastPurge >= PurgeEvery)
                {
                    lastPurge = time.GetUtcNow();
                    if (await store.PurgeExpiredAsync(stoppingToken) is > 0 and var purged)
                    {
                        LogPurged(purged);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opened the cases of {Count} signals another node left pending")]
    private partial void LogFinished(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot the text of {Count} messages past their retention")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Signal work failed; retrying")]
    private partial void LogFailed(Exception e);
}
