using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Aegis.Server.Tests.Support;

/// <summary>
/// The platform's media server, for tests of the evidence fetch: a loopback listener serving <c>/media/{content_id}</c>
/// from <see cref="Items"/> (404 for anything else), counting the requests for each id.
/// </summary>
public sealed class FakePlatformMedia : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakePlatformMedia()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/media/");
        probe.Stop();
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    /// <summary>The URL template for <c>Evidence:FetchUrl</c>.</summary>
    public string Template => Address + "{content_id}";

    /// <summary>What it serves, by content id: the bytes and their media type.</summary>
    public ConcurrentDictionary<string, (byte[] Bytes, string MediaType)> Items { get; } = new();

    /// <summary>How long each answer waits before its body (a slow platform).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Requests per content id (served or not).</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new();

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
            var id = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath["/media/".Length..]);
            Requests.AddOrUpdate(id, 1, (_, n) => n + 1);
            await Task.Delay(Delay);
            if (Items.TryGetValue(id, out var item))
            {
                context.Response.ContentType = item.MediaType;
                context.Response.ContentLength64 = item.Bytes.Length;
                await context.Response.OutputStream.WriteAsync(item.Bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener stopped, or the fetcher gave up.
        }
    }
}
