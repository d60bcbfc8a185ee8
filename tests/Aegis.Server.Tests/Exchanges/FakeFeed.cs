using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>
/// A small paged exchange for tests (the test-only <see cref="FeedApi"/> reads it): <c>GET /feed?after=N</c> answers page N
/// of <see cref="Pages"/> as <c>{"records": [...], "next": "N+1", "more": bool}</c>. It counts requests per checkpoint,
/// can fail a checkpoint's next requests (a 503 with Retry-After), hold a checkpoint's requests until released (so a
/// node can be killed or raced meanwhile), and checks a bearer token when one is set.
/// </summary>
public sealed class FakeFeed : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _reached = new();
    private int _downloads;

    public FakeFeed()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/feed/");
        probe.Stop();
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    /// <summary>The pages, in order; a test may add pages later (more records at the exchange).</summary>
    public List<List<JsonObject>> Pages { get; } = [];

    /// <summary>Requests answered (or refused) per checkpoint asked for.</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new();

    /// <summary>Every Authorization header received.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>A list file, served at <c>list.txt</c> under <see cref="Address"/> (for the <c>file</c> API); its downloads count as checkpoints <c>download-1</c>, <c>download-2</c>, ….</summary>
    public string? List { get; set; }

    /// <summary>When set, a request without <c>Authorization: Bearer &lt;token&gt;</c> gets 401.</summary>
    public string? Token { get; set; }

    /// <summary>The next <paramref name="times"/> requests for <paramref name="checkpoint"/> get 503.</summary>
    public void Fail(string checkpoint, int times = 1) => _failures[checkpoint] = times;

    /// <summary>Requests for <paramref name="checkpoint"/> wait until <see cref="Release"/>; <see cref="Reached"/> tells when one arrived.</summary>
    public void Hold(string checkpoint) => _holds[checkpoint] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string checkpoint)
    {
        if (_holds.TryRemove(checkpoint, out var hold))
        {
            hold.TrySetResult();
        }
    }

    /// <summary>Completes when a request for <paramref name="checkpoint"/> arrives.</summary>
    public Task Reached(string checkpoint) => _reached.GetOrAdd(checkpoint, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>A record: its key, hashes (<c>(type, hex)</c>), and provenance; no hashes is a deletion.</summary>
    public static JsonObject Record(string key, string? member, string? category, params (string Type, string Value)[] signals) => new()
    {
        ["key"] = key,
        ["entry_id"] = "id-" + key,
        ["member"] = member,
        ["category"] = category,
        ["signals"] = new JsonArray([.. signals.Select(s => (JsonNode)new JsonObject { ["type"] = s.Type, ["value"] = s.Value })]),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var hold in _holds.Values)
        {
            hold.TrySetResult();
        }

        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var isList = context.Request.Url!.AbsolutePath.EndsWith("/list.txt", StringComparison.Ordinal);
            var after = isList
                ? $"download-{Interlocked.Increment(ref _downloads)}"
                : context.Request.QueryString["after"] ?? "0";
            Requests.AddOrUpdate(after, 1, (_, n) => n + 1);
            Authorizations.Enqueue(context.Request.Headers["Authorization"]);
            _reached.GetOrAdd(after, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            if (_holds.TryGetValue(after, out var hold))
            {
                await hold.Task;
            }

            if (Token is not null && context.Request.Headers["Authorization"] != $"Bearer {Token}")
            {
                context.Response.StatusCode = 401;
                context.Response.Close();
                return;
            }

            if (_failures.TryGetValue(after, out var left) && left > 0)
            {
                _failures[after] = left - 1;
                context.Response.StatusCode = 503;
                context.Response.Headers["Retry-After"] = "1";
                context.Response.Close();
                return;
            }

            if (isList)
            {
                var list = Encoding.UTF8.GetBytes(List ?? "");
                await context.Response.OutputStream.WriteAsync(list);
                context.Response.Close();
                return;
            }

            var index = int.Parse(after, System.Globalization.CultureInfo.InvariantCulture);
            var records = index < Pages.Count ? Pages[index] : [];
            var body = new JsonObject
            {
                ["records"] = new JsonArray([.. records.Select(r => r.DeepClone())]),
                ["next"] = (index < Pages.Count ? index + 1 : index).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["more"] = index + 1 < Pages.Count,
            };
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away (a node killed mid-request).
        }
    }
}
