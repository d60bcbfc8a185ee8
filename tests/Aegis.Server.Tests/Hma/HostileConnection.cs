using System.Net.Sockets;
using System.Text;

namespace Aegis.Server.Tests.Hma;

/// <summary>One connection of a <see cref="HostileHost"/>, its request read: what a script writes to.</summary>
public sealed class HostileConnection
{
    private readonly NetworkStream _stream;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sent;

    internal HostileConnection(NetworkStream stream, CancellationToken stopping)
    {
        _stream = stream;
        Stopping = stopping;
        _ = WatchAsync();
    }

    /// <summary>Completes when the other end closed the connection (or the host stops).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Body and header bytes written so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public CancellationToken Stopping { get; }

    /// <summary>Status line and headers, then the blank line.</summary>
    public Task WriteHeadAsync(string statusLine, params string[] headers) =>
        WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {statusLine}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n"));

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, Stopping);
        Interlocked.Add(ref _sent, bytes.Length);
    }

    /// <summary>Closes the connection from this end.</summary>
    public void Close() => _stream.Socket.Close();

    private async Task WatchAsync()
    {
        var buffer = new byte[1024];
        try
        {
            while (await _stream.ReadAsync(buffer, Stopping) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }

        _closed.TrySetResult();
    }
}
