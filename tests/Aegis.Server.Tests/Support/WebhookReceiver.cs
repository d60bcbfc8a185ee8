using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Webhooks;

namespace Aegis.Server.Tests.Support;

/// <summary>
/// The platform's side of the webhooks, for tests: a loopback listener that checks every signature and keeps what
/// arrived (with the time), answering 200 — or 500 for the first <see cref="FailFirst"/> deliveries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>How old or new a signature's timestamp may be, as a platform would check it: the same machine signs, so any window would do.</summary>
    private static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;

    public WebhookReceiver(string secret)
    {
        Secret = secret;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hooks/");
        probe.Stop();
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    public string Secret { get; }

    /// <summary>Answer 500 to this many deliveries first (to test retries): of those <see cref="FailOnly"/> picks, when set.</summary>
    public int FailFirst { get; set; }

    /// <summary>Which deliveries <see cref="FailFirst"/> counts (all when null).</summary>
    public Func<JsonNode, bool>? FailOnly { get; set; }

    /// <summary>Every delivery with a valid signature, answered or refused: event id, the status answered, when.</summary>
    public ConcurrentQueue<(string EventId, int Status, DateTimeOffset At)> Attempts { get; } = new();

    /// <summary>Record the first delivery, then leave it unanswered until the receiver is disposed (so the sender can be killed meanwhile).</summary>
    public bool HoldFirst { get; set; }

    /// <summary>Leave every accepted delivery unanswered until <see cref="ReleaseOldest"/> (or disposal) lets it go.</summary>
    public bool HoldAll { get; set; }

    /// <summary>With <see cref="HoldAll"/>: the outbox sequence (<c>Aegis-Event-Sequence</c>) of each delivery, in the order they arrived.</summary>
    public ConcurrentQueue<long> Arrivals { get; } = new();

    /// <summary>Deliveries received and not yet answered, now and at most.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <inheritdoc cref="InFlight"/>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private readonly ConcurrentQueue<TaskCompletionSource> _holds = new();
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Answers the longest-held delivery (with <see cref="HoldAll"/>).</summary>
    public void ReleaseOldest()
    {
        Assert.True(_holds.TryDequeue(out var hold), "no delivery is held");
        hold.TrySetResult();
    }

    /// <summary>Set once the held delivery has been received.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _seen;

    /// <summary>Every delivery that arrived with a valid signature: event id, type, body, when.</summary>
    public ConcurrentQueue<(string EventId, string Type, JsonNode Body, DateTimeOffset At)> Received { get; } = new();

    /// <summary>Deliveries refused for a bad signature.</summary>
    public int BadSignatures => Volatile.Read(ref _badSignatures);

    private int _badSignatures;

    /// <summary>Waits until an event of <paramref name="type"/> for <paramref name="field"/> = <paramref name="value"/> arrives.</summary>
    public async Task<(string EventId, string Type, JsonNode Body, DateTimeOffset At)> WaitForAsync(string type, string field, string value)
    {
        var found = default((string EventId, string Type, JsonNode Body, DateTimeOffset At));
        bool Arrived()
        {
            foreach (var e in Received)
            {
                if (e.Type == type && (string?)e.Body[field] == value)
                {
                    found = e;
                    return true;
                }
            }

            return false;
        }

        await Waits.UntilAsync(
            Arrived,
            $"a {type} webhook for {field}={value}",
            seen: () => string.Join(", ", Received.Select(r => $"{r.Type}:{r.Body["content_id"] ?? r.Body["account_id"] ?? r.Body["case_id"]}")));
        return found;
    }

    /// <summary>
    /// Each action the platform has been told of, as <c>(action, content or account id)</c>, e.g. <c>("removed", "post-1")</c>:
    /// from <c>case.actions</c> pages and from the per-item events (<c>content.removed</c> says <c>removed</c>).
    /// </summary>
    public IReadOnlyList<(string Action, string Id)> Actions() => [.. Received.SelectMany(e => ActionsIn(e.Type, e.Body))];

    /// <summary>The actions one webhook tells (a <c>case.actions</c> page, or a per-item event), e.g. read from the outbox.</summary>
    public static IEnumerable<(string Action, string Id)> ActionsIn(string type, JsonNode body)
    {
        if (type == "case.actions")
        {
            return body["items"]!.AsArray().Select(i => ((string)i!["action"]!, (string)i["content_id"]!))
                .Concat(body["accounts"]!.AsArray().Select(a => ((string)a!["action"]!, (string)a["account_id"]!)));
        }

        return PerItemActions.TryGetValue(type, out var action) ? [(action, (string?)body["content_id"] ?? (string)body["account_id"]!)] : [];
    }

    /// <summary>The per-item webhook types of a case's actions, and the action each says.</summary>
    public static readonly IReadOnlyDictionary<string, string> PerItemActions = new Dictionary<string, string>
    {
        ["content.removed"] = "removed", ["content.demonetized"] = "demonetized", ["content.restricted"] = "restricted",
        ["account.suspended"] = "suspended", ["account.review_requested"] = "review_requested",
    };

    /// <summary>Waits until the platform has been told of <paramref name="action"/> on <paramref name="id"/> (see <see cref="Actions"/>).</summary>
    public Task WaitForActionAsync(string action, string id) =>
        Waits.UntilAsync(
            () => Actions().Contains((action, id)),
            $"the platform to be told '{action}' for {id}",
            seen: () => string.Join(", ", Actions().Select(a => $"{a.Action} {a.Id}")));

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        try
        {
            // Close alone: after Stop, the managed HttpListener's Close binds the port again to remove the prefix, and
            // fails when another test's server has taken that port meanwhile.
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Torn down already; nothing is left listening.
        }

        await _loop;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context)); // one at a time would let a held request block the rest
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        if (!WebhookSignature.Verify(Secret, context.Request.Headers[WebhookSignature.Header], body, DateTimeOffset.UtcNow, SignatureTolerance))
        {
            Interlocked.Increment(ref _badSignatures);
            context.Response.StatusCode = 401;
        }
        else if ((FailOnly is null || FailOnly(JsonNode.Parse(body)!)) && Interlocked.Increment(ref _failures) <= FailFirst)
        {
            context.Response.StatusCode = 500;
            Attempts.Enqueue((context.Request.Headers[WebhookSignature.EventIdHeader]!, 500, DateTimeOffset.UtcNow));
        }
        else
        {
            Received.Enqueue((context.Request.Headers[WebhookSignature.EventIdHeader]!, context.Request.Headers[WebhookSignature.EventTypeHeader]!, JsonNode.Parse(body)!, DateTimeOffset.UtcNow));
            Attempts.Enqueue((context.Request.Headers[WebhookSignature.EventIdHeader]!, 200, DateTimeOffset.UtcNow));
            context.Response.StatusCode = 200;
            if (Interlocked.Increment(ref _seen) == 1 && HoldFirst)
            {
                Held.TrySetResult();
                await _released.Task;
            }

            if (HoldAll)
            {
                var now = Interlocked.Increment(ref _inFlight);
                InterlockedMax(ref _maxInFlight, now);
                var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_holds)
                {
                    // Queued and counted as arrived together, so the oldest held is the first arrived still held.
                    _holds.Enqueue(hold);
                    Arrivals.Enqueue(long.Parse(context.Request.Headers[WebhookSignature.SequenceHeader]!, System.Globalization.CultureInfo.InvariantCulture));
                }

                await Task.WhenAny(hold.Task, _released.Task);
                Interlocked.Decrement(ref _inFlight);
            }
        }

        try
        {
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The sender went away (killed) while we held its request.
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
