using System.Net;
using System.Net.Sockets;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// A tiny loopback web server for the <c>?url=</c> tests (no network): serves registered paths with their content type;
/// anything else is a 404.
/// </summary>
public sealed class MediaServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (byte[] Body, string ContentType)> _files = [];
    private readonly Task _loop;
    private int _requests;

    public MediaServer()
    {
        var port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    /// <summary>Requests received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>; returns its absolute URL.</summary>
    public string Add(string path, byte[] body, string contentType)
    {
        lock (_files)
        {
            _files[path] = (body, contentType);
        }

        return new Uri(Address, path).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
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

            Interlocked.Increment(ref _requests);
            (byte[] Body, string ContentType) file;
            bool found;
            lock (_files)
            {
                found = _files.TryGetValue(context.Request.Url!.AbsolutePath.TrimStart('/'), out file);
            }

            context.Response.StatusCode = found ? 200 : 404;
            if (found)
            {
                context.Response.ContentType = file.ContentType;
                context.Response.ContentLength64 = file.Body.Length;
                await context.Response.OutputStream.WriteAsync(file.Body);
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
