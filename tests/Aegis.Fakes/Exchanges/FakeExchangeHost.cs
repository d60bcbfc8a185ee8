using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aegis.Fakes.Exchanges;

/// <summary>
/// The HTTP side every fake exchange shares: a real Kestrel server on 127.0.0.1 (a free port), the request log, and the
/// faults injected at a chosen request. Each fake gives it a handler (the exchange's behaviour) and the name of the
/// endpoint a request calls. Disposing it releases hung requests and stops the server.
/// </summary>
internal sealed class FakeExchangeHost : IAsyncDisposable
{
    private const long MaxRequestBytes = 16L << 20;

    private readonly WebApplication _app;
    private readonly Func<FakeRequest, string> _endpoint;
    private readonly Func<FakeRequest, FakeAnswer> _handler;
    private readonly string _malformed;
    private readonly Lock _lock = new();
    private readonly List<FakeExchangeRequest> _requests = [];
    private readonly List<PendingFault> _faults = [];
    private readonly CancellationTokenSource _stopping = new();

    private FakeExchangeHost(WebApplication app, Func<FakeRequest, string> endpoint, Func<FakeRequest, FakeAnswer> handler, string malformed)
    {
        _app = app;
        _endpoint = endpoint;
        _handler = handler;
        _malformed = malformed;
    }

    /// <summary>The server's root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeExchangeRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Starts a host.</summary>
    /// <param name="endpoint">Names the endpoint a request calls (what faults are aimed at).</param>
    /// <param name="handler">The exchange's answer to a request (called under no lock: the fake locks its own state).</param>
    /// <param name="malformed">A body cut off in the middle, in the exchange's format.</param>
    public static async Task<FakeExchangeHost> StartAsync(Func<FakeRequest, string> endpoint, Func<FakeRequest, FakeAnswer> handler, string malformed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
        });
        var app = builder.Build();
        var host = new FakeExchangeHost(app, endpoint, handler, malformed);
        app.Run(host.HandleAsync);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Root = new Uri(address.TrimEnd('/') + "/");
        return host;
    }

    /// <summary>
    /// Makes the <paramref name="nth"/> request from now (1: the next) to <paramref name="endpoint"/> (any endpoint when
    /// null) meet <paramref name="fault"/> instead of its answer. Faults due at the same request queue in the order given.
    /// </summary>
    public void Fail(ExchangeFault fault, string? endpoint, int nth)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nth);
        lock (_lock)
        {
            _faults.Add(new PendingFault(fault, endpoint, nth));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = await ReadAsync(context.Request);
        var endpoint = _endpoint(request);
        var fault = TakeFault(endpoint);
        if (fault is null)
        {
            FakeAnswer answer;
            try
            {
                answer = _handler(request);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or System.Xml.XmlException or System.Text.Json.JsonException)
            {
                answer = FakeAnswer.Text(400, "Bad request: " + e.Message);
            }

            Record(request, endpoint, answer.Status, null);
            await WriteAsync(context, answer);
            return;
        }

        switch (fault.Kind)
        {
            case ExchangeFaultKind.Status:
                Record(request, endpoint, fault.Status, fault);
                await WriteAsync(context, FakeAnswer.Text(fault.Status, $"Injected fault: {fault}.") with
                {
                    Headers = fault.RetryAfter is { } after ? new Dictionary<string, string> { ["Retry-After"] = ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
                });
                return;
            case ExchangeFaultKind.Malformed:
                Record(request, endpoint, 200, fault);
                await WriteAsync(context, new FakeAnswer(200, "application/octet-stream", _malformed));
                return;
            case ExchangeFaultKind.Endless:
                Record(request, endpoint, 200, fault);
                await EndlessAsync(context);
                return;
            case ExchangeFaultKind.Hang:
                Record(request, endpoint, null, fault);
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, either.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                context.Abort();
                return;
            default:
                Record(request, endpoint, null, fault);
                context.Abort();
                return;
        }
    }

    private async Task EndlessAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        var chunk = Encoding.UTF8.GetBytes(_malformed[..Math.Min(_malformed.Length, 16)] + new string(' ', 65536));
        using var either = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        try
        {
            while (true)
            {
                await context.Response.Body.WriteAsync(chunk, either.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            context.Abort();
        }
    }

    private static async Task<FakeRequest> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var query = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        return new FakeRequest(request.Method, request.Path.Value ?? "/", query, headers, body, request.ContentType ?? "");
    }

    private static async Task WriteAsync(HttpContext context, FakeAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType + "; charset=utf-8";
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(answer.Body, Encoding.UTF8);
    }

    private ExchangeFault? TakeFault(string endpoint)
    {
        lock (_lock)
        {
            PendingFault? due = null;
            foreach (var pending in _faults.Where(f => f.Endpoint is null || f.Endpoint == endpoint))
            {
                pending.Remaining--;
                if (due is null && pending.Remaining <= 0)
                {
                    due = pending;
                }
            }

            if (due is not null)
            {
                _faults.Remove(due);
            }

            return due?.Fault;
        }
    }

    private void Record(FakeRequest request, string endpoint, int? status, ExchangeFault? fault)
    {
        lock (_lock)
        {
            _requests.Add(new FakeExchangeRequest(
                _requests.Count + 1, endpoint, request.Method, request.Path, request.Query, request.Headers, request.Body, status, fault));
        }
    }

    private sealed class PendingFault(ExchangeFault fault, string? endpoint, int nth)
    {
        public ExchangeFault Fault { get; } = fault;

        public string? Endpoint { get; } = endpoint;

        public int Remaining { get; set; } = nth;
    }
}
