using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>
/// A man in the middle for the hash feed tests: forwards each GET to <c>target</c> (path, query, Authorization) and
/// answers with the publisher's status, body and <c>Aegis-Signature</c> header, except that while <see cref="Tamper"/> is
/// set it rewrites the body's first <c>"A1"</c> to <c>"B2"</c> (a page altered on the way).
/// </summary>
public sealed class TamperingProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(1) };
    private readonly Uri _target;
    private readonly Task _loop;

    public TamperingProxy(Uri target)
    {
        _target = target;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        probe.Stop();
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    /// <summary>Whether bodies are altered.</summary>
    public bool Tamper { get; set; } = true;

    /// <summary>Bodies altered so far.</summary>
    public int Tampered => Volatile.Read(ref _tampered);

    private int _tampered;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }

        _http.Dispose();
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

            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_target, context.Request.Url!.PathAndQuery));
            if (context.Request.Headers["Authorization"] is { } authorization)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (Tamper)
            {
                var text = Encoding.UTF8.GetString(body);
                var at = text.IndexOf("\"A1\"", StringComparison.Ordinal);
                if (at >= 0)
                {
                    body = Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, at), "\"B2\"", text.AsSpan(at + 4)));
                    Interlocked.Increment(ref _tampered);
                }
            }

            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = "application/json";
            if (response.Headers.TryGetValues("Aegis-Signature", out var signature))
            {
                context.Response.Headers["Aegis-Signature"] = string.Join(",", signature);
            }

            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpRequestException or HttpListenerException or IOException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }
}
