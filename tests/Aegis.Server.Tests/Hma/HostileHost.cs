using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// A loopback HTTP/1.1 host on a raw socket that misbehaves on purpose, for the <c>?url=</c> fetch tests: each path has
/// a script that writes the answer as it likes (a trickle, headers and no body, a cut body, a bomb). Every connection
/// watches for the fetcher closing it (<see cref="HostileConnection.Closed"/>). Anything not registered is a 404.
/// </summary>
public sealed class HostileHost : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, Func<HostileConnection, Task>> _scripts = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _loop;
    private int _requests;

    public HostileHost()
    {
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Address { get; }

    /// <summary>Requests received (their headers read).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers <paramref name="path"/> with <paramref name="script"/>; returns its absolute URL.</summary>
    public string Add(string path, Func<HostileConnection, Task> script)
    {
        lock (_scripts)
        {
            _scripts[path] = script;
        }

        return new Uri(Address, path).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(Task.Run(() => ServeAsync(socket)));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var path = await ReadRequestAsync(stream);
        if (path is null)
        {
            return;
        }

        Interlocked.Increment(ref _requests);
        Func<HostileConnection, Task>? script;
        lock (_scripts)
        {
            _scripts.TryGetValue(path, out script);
        }

        var connection = new HostileConnection(stream, _stop.Token);
        try
        {
            await (script ?? (c => c.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray())))(connection);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The fetcher closed the connection, or the host is stopping: the script's end either way.
        }
    }

    /// <summary>The path of the request (its headers read to the blank line), or null when the connection closed first.</summary>
    private async Task<string?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        try
        {
            while (head.Count < 64 * 1024 && !(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
            {
                if (await stream.ReadAsync(one, _stop.Token) == 0)
                {
                    return null;
                }

                head.Add(one[0]);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return null;
        }

        var requestLine = Encoding.ASCII.GetString([.. head]).Split("\r\n")[0].Split(' ');
        return requestLine.Length > 1 ? requestLine[1].TrimStart('/') : null;
    }
}
