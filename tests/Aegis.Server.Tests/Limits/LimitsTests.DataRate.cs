using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aegis.Server.Tests.Limits;

public sealed partial class LimitsTests
{
    /// <summary>
    /// The rate the data-rate tests set: twice the slow client's, a tenth of the steady one's, and above Kestrel's own
    /// 240 B/s, so that the slow client is cut off only if this setting is applied.
    /// </summary>
    private const int MinBytesPerSecond = 1000;

    /// <summary>The smallest grace Kestrel takes (it must exceed its one-second heartbeat).</summary>
    private const int GraceSeconds = 2;

    /// <summary>The clients send a chunk, then wait this long.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The trickle of the test with the check off: one byte a pause (10 B/s) for longer than Kestrel's own 5 s grace
    /// and a heartbeat, so that it would be cut off if the setting were not applied.
    /// </summary>
    private static readonly TimeSpan TrickleFor = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task A_body_sent_slower_than_MinDataBytesPerSecond_is_cut_off_and_the_server_goes_on()
    {
        // Given a server that wants request bodies at 1,000 B/s after a 2 s grace
        await using var server = await StartAsync(o => (o.MinDataBytesPerSecond, o.MinDataGraceSeconds) = (MinBytesPerSecond, GraceSeconds));

        // When a client sends a 1,000,000-byte body 50 bytes every 100 ms (500 B/s: it would take over half an hour)
        var (answer, sent, length) = await SendBodyAsync(server.Address, Fixture.Platform, 1_000_000, chunk: 50, Pause, stopAfter: null);

        // Then the server answered 408 or closed the connection while the client still had bytes to send
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"answer: {answer}");
        Assert.True(sent < length, "the whole body was sent");

        // And it serves the next request
        using var client = server.Client(Fixture.Platform);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/lookup", Json($"{{\"md5\":\"{new string('c', 32)}\"}}"))).StatusCode);
    }

    [Fact]
    public async Task A_body_sent_at_a_steady_pace_above_the_rate_is_read_whole_while_every_core_is_busy()
    {
        // Given a server that wants request bodies at 1,000 B/s after a 2 s grace, with every core kept busy
        await using var server = await StartAsync(o => (o.MinDataBytesPerSecond, o.MinDataGraceSeconds) = (MinBytesPerSecond, GraceSeconds));
        using var busy = new CancellationTokenSource();
        var spinners = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Factory.StartNew(
            () =>
            {
                while (!busy.IsCancellationRequested)
                {
                    Thread.SpinWait(10_000);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        try
        {
            // When a client sends a 40,000-byte body 1,000 bytes every 100 ms (10,000 B/s, for about 4 s: twice the grace)
            var (answer, sent, length) = await SendBodyAsync(server.Address, Fixture.Platform, 40_000, chunk: 1000, Pause, stopAfter: null);

            // Then it is read whole and answered
            Assert.Equal(length, sent);
            Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        }
        finally
        {
            await busy.CancelAsync();
            await Task.WhenAll(spinners);
        }
    }

    [Fact]
    public async Task With_MinDataBytesPerSecond_0_a_slow_body_is_not_cut_off()
    {
        // Given a server with the data rate check off
        await using var server = await StartAsync(o => (o.MinDataBytesPerSecond, o.MinDataGraceSeconds) = (0, GraceSeconds));

        // When a client sends one byte every 100 ms for 7 s, then the rest at once
        var (answer, sent, length) = await SendBodyAsync(server.Address, Fixture.Platform, 2_000, chunk: 1, Pause, stopAfter: TrickleFor);

        // Then the body is read whole and answered
        Assert.Equal(length, sent);
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends <c>POST /v1/lookup</c> with a JSON body of <paramref name="length"/> bytes (a hash padded with spaces),
    /// <paramref name="chunk"/> bytes then a <paramref name="pause"/> at a time, the rest at once after
    /// <paramref name="stopAfter"/>; stops sending when the server answers or closes (fails if neither happens within the hang guard). Returns the server's answer (empty
    /// when it closed without one) and how much of the body was sent.
    /// </summary>
    private static async Task<(string Answer, int Sent, int Length)> SendBodyAsync(Uri address, string key, int length, int chunk, TimeSpan pause, TimeSpan? stopAfter)
    {
        var prefix = $"{{\"md5\":\"{new string('d', 32)}\"";
        var body = Encoding.ASCII.GetBytes(prefix + new string(' ', length - prefix.Length - 1) + "}");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/lookup HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = ReadToEndAsync(stream);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        try
        {
            while (sent < length && !answer.IsCompleted)
            {
                if (clock.Elapsed > Waits.HangGuard)
                {
                    throw new TimeoutException(Waits.Never("the server to answer or close the connection while the body was being sent"));
                }

                var n = stopAfter is { } stop && clock.Elapsed >= stop ? length - sent : Math.Min(chunk, length - sent);
                await stream.WriteAsync(body.AsMemory(sent, n));
                sent += n;
                await Task.WhenAny(answer, Task.Delay(pause));
            }
        }
        catch (IOException)
        {
            // The server closed the connection while this was sending.
        }

        return (await answer.WaitAsync(Waits.HangGuard), sent, length);
    }

    /// <summary>Everything the server sends until it closes (it was asked to: <c>Connection: close</c>), or what came before a reset.</summary>
    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset by the server.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
