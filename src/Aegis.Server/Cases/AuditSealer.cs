using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Cases;

/// <summary>
/// Chains the audit entries that writes left unsealed (<see cref="AuditLog.SealAsync"/>): woken after each write on this
/// node, and every <see cref="Period"/> for writes on other nodes. Any number of nodes may run it; the log's lock lets
/// one seal at a time, and a burst of wakes makes one seal.
/// </summary>
internal sealed partial class AuditSealer(AuditLog audit, ILogger<AuditSealer> logger) : BackgroundService
{
    /// <summary>The longest an entry waits to be sealed when no write on this node wakes the sealer.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The shortest time between two seals: under load, one seal chains the entries of many writes (each seal is a
    /// transaction of its own under the log's lock, so sealing after every write would double the writes' round trips).
    /// </summary>
    public static readonly TimeSpan Batching = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await audit.SealAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await Task.Delay(Batching, stoppingToken);
            await _wake.WaitAsync(Period, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing the audit log failed; retrying")]
    private partial void LogFailed(Exception e);
}
