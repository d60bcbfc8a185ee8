using Aegis.Core.Exchanges;
using Aegis.CyberTip.Evidence;
using Aegis.Exchanges;
using Aegis.Server.Cases;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Exchanges;

/// <summary>
/// Sends reviewers' verdicts back to the exchanges that shared the matched entries, on every node. Every
/// <see cref="ExchangeOptions.PollSeconds"/> (or at once when woken by a decision) it claims due verdicts and sends each
/// through its exchange's client: NCMEC's affirmative or negative feedback, StopNCII's Blocked or NotBlocked,
/// ThreatExchange's reactions. A refusal the exchange will repeat (it takes no such feedback) skips the verdict, with the
/// reason; any other failure waits as a failed fetch does and is tried again, up to <see cref="FeedbackRules.MaxAttempts"/>
/// times. The claim is the database's (a conditional UPDATE), so two nodes never send one verdict twice while it holds.
/// </summary>
internal sealed partial class ExchangeFeedbackWorker(
    ExchangeService service, ServerOptions options, AuditSealer sealer, TimeProvider time, ILogger<ExchangeFeedbackWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly HttpClient _http = options.Exchanges.CreateHttpClient();

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Exchanges.LeaseSeconds);

    /// <summary>Looks for verdicts to send now (a decision owed some).</summary>
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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                    // A full batch: there may be more.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(e);
            }

            await ((Task)_wake.WaitAsync(TimeSpan.FromSeconds(options.Exchanges.PollSeconds), stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Claims one batch of due verdicts and sends them, one by one.</summary>
    /// <returns>How many were claimed.</returns>
    internal async Task<int> SendDueAsync(CancellationToken stoppingToken)
    {
        var claims = await service.Store.ClaimFeedbackAsync(Lease, FeedbackRules.ClaimBatch, stoppingToken);
        foreach (var claim in claims)
        {
            await SendAsync(claim, stoppingToken);
        }

        if (claims.Count > 0)
        {
            sealer.Wake();
        }

        return claims.Count;
    }

    private async Task SendAsync(FeedbackClaim claim, CancellationToken stoppingToken)
    {
        var (state, error) = await TryAsync(claim, stoppingToken);
        var attempts = claim.Attempts + 1;
        var retryAt = time.GetUtcNow();
        if (state == FeedbackState.Pending)
        {
            if (FeedbackRules.GiveUp(attempts))
            {
                state = FeedbackState.Failed;
            }
            else
            {
                retryAt += options.Exchanges.Backoff.AfterFailure(FetchFailure.Failed, attempts, null, Random.Shared.NextDouble()).Wait;
            }
        }

        if (state != FeedbackState.Sent)
        {
            LogNotSent(claim.Exchange, claim.RecordKey, state, error ?? "");
        }

        if (!await service.Store.FinishFeedbackAsync(claim, state, error, retryAt, CancellationToken.None))
        {
            LogLost(claim.Exchange, claim.Id);
        }
    }

    /// <summary>One try: sent, skipped for good (with why), or pending (failed this time, with why).</summary>
    private async Task<(FeedbackState State, string? Error)> TryAsync(FeedbackClaim claim, CancellationToken stoppingToken)
    {
        try
        {
            var api = service.Apis.Find(claim.Api);
            if (api is null || !api.SupportsFeedback)
            {
                return (FeedbackState.Skipped, api is null ? $"this server does not know the exchange API '{claim.Api}'." : $"the '{claim.Api}' exchange API takes no feedback.");
            }

            var client = api.Create(ExchangeService.Settings(claim.Settings), service.Open(claim.Exchange, claim.Credentials), _http, time);
            using var call = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            call.CancelAfter(Lease / 2);
            await client.SendFeedbackAsync(claim.Feedback, call.Token);
            return (FeedbackState.Sent, null);
        }
        catch (ExchangeException e) when (e.Error == ExchangeError.NotSupported)
        {
            return (FeedbackState.Skipped, e.Message);
        }
        catch (Exception e) when (e is ExchangeException or EvidenceKeyException or EvidenceIntegrityException or HttpRequestException or ArgumentException
            or System.Text.Json.JsonException or InvalidOperationException)
        {
            return (FeedbackState.Pending, e.Message);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (FeedbackState.Pending, $"the exchange took longer than {Lease.TotalSeconds / 2:0} s (half of Exchanges:LeaseSeconds).");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchange {Exchange}: the verdict on record {RecordKey} was not sent ({State}): {Error}")]
    private partial void LogNotSent(string exchange, string recordKey, FeedbackState state, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchange {Exchange}: another node took verdict {Id} over; this node's try was not recorded.")]
    private partial void LogLost(string exchange, long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for verdicts owed to exchanges failed.")]
    private partial void LogPollFailed(Exception e);
}
