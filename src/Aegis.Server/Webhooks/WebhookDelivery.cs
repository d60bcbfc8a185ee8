using System.Net.Http.Headers;
using System.Text;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Webhooks;

/// <summary>
/// Delivers the outbox to the platform: each event POSTed as JSON, signed (<see cref="WebhookSignature"/>), with its
/// idempotency id; a 2xx marks it delivered, anything else retries with doubling waits. Each event is claimed before it
/// is sent (<see cref="OutboxStore.TryClaimAsync"/>), so of several nodes one sends it. At least once: a node killed
/// between the POST and marking it delivered leaves its claim to run out, and the event is sent again, with the same id.
/// </summary>
internal sealed partial class WebhookDelivery(OutboxStore outbox, ServerOptions options, TimeProvider time, ILogger<WebhookDelivery> logger) : BackgroundService
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(options.Webhooks.TimeoutSeconds) };
    private readonly TimeSpan _lease = TimeSpan.FromSeconds(options.Webhooks.TimeoutSeconds + 5);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>New events were written: deliver now rather than at the next poll.</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Webhooks.Url is not { } url)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await outbox.ReadDueAsync(100, stoppingToken);
                foreach (var e in due)
                {
                    if (await outbox.TryClaimAsync(e, time.GetUtcNow() + _lease, stoppingToken))
                    {
                        await DeliverAsync(new Uri(url), e, stoppingToken);
                    }
                }

                if (due.Count == 100)
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

    private async Task DeliverAsync(Uri url, OutboxEvent e, CancellationToken cancellationToken)
    {
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(e.Payload, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(options.Webhooks.Secret!, time.GetUtcNow(), e.Payload));
            request.Headers.Add(WebhookSignature.EventIdHeader, e.EventId);
            request.Headers.Add(WebhookSignature.EventTypeHeader, e.Type);
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await outbox.MarkDeliveredAsync(e.Sequence, cancellationToken);
                return;
            }

            error = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = ex.Message;
        }

        var wait = TimeSpan.FromSeconds(Math.Min(options.Webhooks.MaxBackoffSeconds, Math.Pow(2, Math.Min(e.Attempts, 20))));
        await outbox.MarkFailedAsync(e.Sequence, error, time.GetUtcNow() + wait, cancellationToken);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery failed; retrying")]
    private partial void LogFailed(Exception e);
}
