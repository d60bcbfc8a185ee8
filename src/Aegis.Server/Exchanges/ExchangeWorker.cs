using Aegis.Core.Exchanges;
using Aegis.CyberTip.Evidence;
using Aegis.Exchanges;
using Aegis.Server.Cases;
using Aegis.Server.Hosting;
using Aegis.Server.Matching;
using Aegis.Server.Webhooks;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Exchanges;

/// <summary>
/// Fetches the exchanges, on every node. Every <see cref="ExchangeOptions.PollSeconds"/> (or at once when woken) it claims
/// due exchanges, up to <see cref="ExchangeOptions.Concurrency"/> at a time, and runs each: page after page, each applied
/// with its checkpoint in one transaction fenced by the claim, until the exchange has nothing more or the run reaches
/// <see cref="ExchangeOptions.MaxPagesPerRun"/> (then it is due again at once, for any node). A failed call backs off
/// (<see cref="ExchangeBackoff"/>); a node that dies leaves its claim to run out, and the next node resumes from the
/// last page committed. One call to an exchange may take <see cref="ExchangeOptions.RequestTimeoutSeconds"/>; a whole page
/// at most half the lease, so the claim cannot run out under a page being fetched.
/// </summary>
internal sealed partial class ExchangeWorker(
    ExchangeService service,
    ServerOptions options,
    ClusterNodeIdentity node,
    MatcherHost matcher,
    WebhookDelivery webhooks,
    AuditSealer sealer,
    TimeProvider time,
    ILogger<ExchangeWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly HttpClient _http = options.Exchanges.CreateHttpClient();

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Exchanges.LeaseSeconds);

    /// <summary>Looks for due exchanges now (one was created, enabled or asked to run).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        try
        {
            if (await service.Store.ReleaseClaimsOfAsync(node.NodeId, stoppingToken) is > 0 and var released)
            {
                LogReleased(released, node.NodeId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPollFailed(e);
        }

        var marked = long.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            try
            {
                // The flood guard's mark of the bucket (where its uploads start) and pruning, once a bucket per node.
                var rules = options.Exchanges.Flood.Rules;
                if (options.Exchanges.Flood.Enabled && rules.Bucket(time.GetUtcNow()) != marked)
                {
                    await service.Store.MarkFloodBucketAsync(rules, stoppingToken);
                    marked = rules.Bucket(time.GetUtcNow());
                }

                while (running.Count < options.Exchanges.Concurrency && await service.Store.ClaimDueAsync(node.NodeId, Lease, stoppingToken) is { } claim)
                {
                    running.Add(Task.Run(() => RunAsync(claim, stoppingToken), CancellationToken.None));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(e);
            }

            // Not at the end of a run: an exchange given back at the page bound is due at once for every node, and the next
            // poll of any of them takes it (this node's included), so a long fetch moves between nodes.
            await ((Task)_wake.WaitAsync(TimeSpan.FromSeconds(options.Exchanges.PollSeconds), stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>One run of one claimed exchange, ended (finished, failed, lost or stopped) whatever happens.</summary>
    internal async Task RunAsync(ExchangeClaim claim, CancellationToken stoppingToken)
    {
        var pages = 0;
        var counts = default(ExchangeCounts);
        try
        {
            var api = service.Apis.Find(claim.Api)
                ?? throw new ExchangeException(ExchangeError.Failed, $"this server does not know the exchange API '{claim.Api}'.");
            var client = api.Create(ExchangeService.Settings(claim.Settings), await OpenCredentialsAsync(claim, stoppingToken), _http, time);
            var checkpoint = claim.Checkpoint;
            while (true)
            {
                var page = await FetchAsync(client, checkpoint, stoppingToken);
                if (await service.Store.ApplyPageAsync(claim, page, Lease, stoppingToken) is not { } applied)
                {
                    LogLost(claim.Name, pages);
                    await service.Store.RecordLostRunAsync(claim, pages, counts, CancellationToken.None);
                    return;
                }

                pages++;
                counts += applied;
                checkpoint = page.Checkpoint;
                if (!page.More)
                {
                    // This node matches the run's hashes before the run is recorded as done: whoever reads the status on
                    // this node finds them matched (other nodes follow the change feed within FeedPollMilliseconds).
                    await matcher.CatchUpNowAsync(stoppingToken);
                    await FinishAsync(claim, new ExchangeRunEnd(ExchangeRunEnd.Done, time.GetUtcNow().AddMinutes(claim.ScheduleMinutes)), CancellationToken.None);
                    LogFetched(claim.Name, pages, counts.Records, counts.Added, counts.Updated, counts.Removed);
                    return;
                }

                if (pages >= options.Exchanges.MaxPagesPerRun)
                {
                    await FinishAsync(claim, new ExchangeRunEnd(ExchangeRunEnd.More, time.GetUtcNow()), CancellationToken.None);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: give the exchange back at once (best effort; else its lease runs out).
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await FinishAsync(claim, new ExchangeRunEnd(ExchangeRunEnd.Stopped, time.GetUtcNow()), quick.Token);
        }
        catch (Exception e)
        {
            var (failure, retryAfter, restartFrom) = e switch
            {
                ExchangeException { Error: ExchangeError.Unauthorized } => (FetchFailure.Unauthorized, null, null),
                ExchangeException { Error: ExchangeError.CheckpointExpired } x => (FetchFailure.CheckpointExpired, x.RetryAfter, x.RestartFrom),
                ExchangeException x => (FetchFailure.Failed, x.RetryAfter, (string?)null),
                EvidenceKeyException or EvidenceIntegrityException => (FetchFailure.Unauthorized, (TimeSpan?)null, (string?)null),
                _ => (FetchFailure.Failed, (TimeSpan?)null, (string?)null),
            };
            if (e is not ExchangeException and not EvidenceKeyException and not EvidenceIntegrityException)
            {
                LogRunFailed(e, claim.Name);
            }

            var retry = options.Exchanges.Backoff.AfterFailure(failure, claim.ConsecutiveFailures + 1, retryAfter, Random.Shared.NextDouble());
            var what = e is ExchangeException or EvidenceKeyException or EvidenceIntegrityException ? e.Message : "an internal error (logged on the node)";
            await FinishAsync(
                claim,
                new ExchangeRunEnd(ExchangeRunEnd.Failed, time.GetUtcNow() + retry.Wait, $"{what} — {retry.Status}", retry.Failing, retry.Restart, restartFrom),
                CancellationToken.None);
        }
    }

    /// <summary>A page, within half the lease (a client making several calls cannot outlive the claim).</summary>
    private async Task<ExchangePage> FetchAsync(IExchangeClient client, string? checkpoint, CancellationToken stoppingToken)
    {
        using var page = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        page.CancelAfter(Lease / 2);
        try
        {
            return await client.FetchAsync(checkpoint, page.Token);
        }
        catch (OperationCanceledException e) when (!stoppingToken.IsCancellationRequested)
        {
            throw new ExchangeException(ExchangeError.Failed, $"a page took longer than {Lease.TotalSeconds / 2:0} s (half of Exchanges:LeaseSeconds).", e);
        }
        catch (HttpRequestException e)
        {
            throw new ExchangeException(ExchangeError.Failed, $"the exchange could not be reached: {e.Message}", e);
        }
    }

    /// <summary>The exchange's own credentials, else its API's (set through HMA's <c>/c/exchanges/api/&lt;api&gt;</c>).</summary>
    private async Task<System.Text.Json.Nodes.JsonObject?> OpenCredentialsAsync(ExchangeClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            return await service.OpenForRunAsync(claim, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ExchangeException(ExchangeError.Unauthorized, "the stored credentials are not a JSON object: set them again.", e);
        }
    }

    private async Task FinishAsync(ExchangeClaim claim, ExchangeRunEnd end, CancellationToken cancellationToken)
    {
        try
        {
            if (!await service.Store.FinishRunAsync(claim, end, cancellationToken))
            {
                LogLost(claim.Name, -1);
            }

            if (end.Outcome == ExchangeRunEnd.Failed)
            {
                LogFailed(claim.Name, end.Error ?? "");
            }

            webhooks.Wake();
            sealer.Wake();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRunFailed(e, claim.Name); // the claim runs out; the next node resumes from the last page committed
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exchange {Exchange}: {Pages} pages, {Records} records; {Added} entries added, {Updated} updated, {Removed} removed.")]
    private partial void LogFetched(string exchange, int pages, long records, long added, long updated, long removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchange {Exchange} failed: {Error}")]
    private partial void LogFailed(string exchange, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchange {Exchange}: another node took it over (after {Pages} pages of this run); this node stopped.")]
    private partial void LogLost(string exchange, int pages);

    [LoggerMessage(Level = LogLevel.Error, Message = "Exchange {Exchange}: the run failed.")]
    private partial void LogRunFailed(Exception e, string exchange);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for due exchanges failed.")]
    private partial void LogPollFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gave back {Count} exchange claims an earlier process of node {Node} held.")]
    private partial void LogReleased(int count, string node);
}
