using System.Net.Http.Headers;
using System.Text;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Webhooks;

/// <summary>
/// Delivers the outbox to the platform: each event POSTed as JSON, signed (<see cref="WebhookSignature"/>), with its
/// idempotency id; a 2xx marks it delivered, anything else retries with doubling waits. Up to
/// <see cref="WebhookOptions.Concurrency"/> deliveries run at once: events are taken in due order, each claimed
/// (<see cref="OutboxStore.TryClaimAsync"/>, so of several nodes one sends it) when a delivery slot is free and sent at
/// once, so they start in due order; they may finish, and arrive, in another. At least once: a node killed between the
/// POST and marking it delivered leaves its claim to run out, and the event is sent again, with the same id.
/// </summary>
internal sealed partial class WebhookDelivery(OutboxStore outbox, ServerOptions options, TimeProvider time, ILogger<WebhookDelivery> logger) : BackgroundService
{
    /// <summary>Due events read at once.</summary>
    private const int Batch = 100;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(options.Webhooks.TimeoutSeconds) };
    private readonly TimeSpan _lease = TimeSpan.FromSeconds(options.Webhooks.TimeoutSeconds + 5);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly SemaphoreSlim _slots = new(options.Webhooks.Concurrency, options.Webhooks.Concurrency);

    /// <summary>New events were written: deliver now rather than at the next poll.</summary>
    public void Wake() => _wake.Release();

    /// <summary>
    /// Delivers the events of <paramref name="type"/> written for their caller to send (<see cref="Core.Events.DomainEvent.SentByCaller"/>)
    /// now, and returns once each was sent (or failed, to be retried by the worker): for an event the platform must act
    /// on before the call that caused it answers (protecting a child's account). Each is claimed first, so of two nodes
    /// one sends it; one a dead node left is sent by the worker when its first claim runs out.
    /// </summary>
    /// <returns>How many were delivered.</returns>
    public async Task<int> DeliverNowAsync(string type, CancellationToken cancellationToken)
    {
        if (options.Webhooks.Url is not { } url)
        {
            return 0;
        }

        var delivered = 0;
        foreach (var e in await outbox.ReadSentByCallerAsync(type, Batch, cancellationToken))
        {
            if (await outbox.TryClaimAsync(e, time.GetUtcNow() + _lease, cancellationToken) && await DeliverAsync(new Uri(url), e, cancellationToken))
            {
                delivered++;
            }
        }

        return delivered;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Webhooks.Url is not { } url)
        {
            return;
        }

        var uri = new Uri(url);
        var running = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var due = await outbox.ReadDueAsync(Batch, stoppingToken);
                    foreach (var e in due)
                    {
                        await _slots.WaitAsync(stoppingToken);
                        running.RemoveWhere(t => t.IsCompleted);
                        if (await ClaimAsync(e, stoppingToken))
                        {
                            running.Add(DeliverInSlotAsync(uri, e, stoppingToken));
                        }
                        else
                        {
                            _slots.Release(); // another node took it
                        }
                    }

                    if (due.Count == Batch)
                    {
                        continue;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e);
                }

                await _wake.WaitAsync(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
        }
        finally
        {
            await Task.WhenAll(running); // each ends at once when stopping (its send is cancelled)
        }
    }

    /// <summary>Claims the event for this node while a slot is held; gives the slot back if the claim throws.</summary>
    private async Task<bool> ClaimAsync(OutboxEvent e, CancellationToken cancellationToken)
    {
        try
        {
            return await outbox.TryClaimAsync(e, time.GetUtcNow() + _lease, cancellationToken);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Sends a claimed event (its request is started before this returns), then frees its slot.</summary>
    private async Task DeliverInSlotAsync(Uri url, OutboxEvent e, CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAsync(url, e, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex); // e.g. the database gone while marking it: the claim runs out and it is sent again
        }
        catch (OperationCanceledException)
        {
            // Stopping: the claim runs out and another node (or this one, restarted) sends it.
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Sends a claimed event; true when the receiver acknowledged it (false: marked to retry).</summary>
    private async Task<bool> DeliverAsync(Uri url, OutboxEvent e, CancellationToken cancellationToken)
    {
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(e.Payload, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(options.Webhooks.Secret!, time.GetUtcNow(), e.Payload));
            request.Headers.Add(WebhookSignature.EventIdHeader, e.EventId);
            request.Headers.Add(WebhookSignature.EventTypeHeader, e.Type);
            request.Headers.Add(WebhookSignature.SequenceHeader, e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await outbox.MarkDeliveredAsync(e.Sequence, cancellationToken);
                return true;
            }

            error = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = ex.Message;
        }

        var wait = TimeSpan.FromSeconds(Math.Min(options.Webhooks.MaxBackoffSeconds, Math.Pow(2, Math.Min(e.Attempts, 20))));
        await outbox.MarkFailedAsync(e.Sequence, error, time.GetUtcNow() + wait, cancellationToken);
        return false;
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery failed; retrying")]
    private partial void LogFailed(Exception e);
}
