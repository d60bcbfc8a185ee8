using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Hma;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// The HMA <c>?url=</c> fetcher against hosts that misbehave (<see cref="HostileHost"/>): a trickle, a body that never
/// comes, a cut body, corrupt gzip, refused ports and 401s, more fetches than slots. Each test has its own server with
/// its own settings, key-less (<c>Hma:AnonymousRole</c>), on one SQLite store.
/// </summary>
public sealed class HmaFetchTests : IAsyncLifetime
{
    /// <summary>HMA's PDQ of samples/images/bridge.jpg (as in <see cref="HmaApiTests"/>).</summary>
    private const string BridgePdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static readonly byte[] Bridge = File.ReadAllBytes(Support.Api.Image("bridge.jpg"));

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_gzip_or_deflate_encoded_image_hashes_as_the_image_itself()
    {
        // requests (HMA's fetcher) decodes Content-Encoding, so HMA hashes the image, not its encoding.
        await using var server = await StartAsync();
        await using var host = new HostileHost();
        var gzip = host.Add("bridge.jpg.gz", c => Serve(c, Encode(Bridge, s => new GZipStream(s, CompressionLevel.Optimal)), "Content-Encoding: gzip"));
        var deflate = host.Add("bridge.jpg.z", c => Serve(c, Encode(Bridge, s => new ZLibStream(s, CompressionLevel.Optimal)), "Content-Encoding: deflate"));
        using var client = server.Client(null);

        foreach (var url in new[] { gzip, deflate })
        {
            AssertJson($$"""{"pdq": "{{BridgePdq}}"}""", await (await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(url)}")).JsonAsync(HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task A_host_trickling_its_body_is_given_up_at_the_deadline_and_its_connection_closed()
    {
        // Given a host that sends its 100-byte body a byte a second, and a 2 s deadline
        const int BodyBytes = 100;
        await using var server = await StartAsync(o => o.FetchTimeoutSeconds = 2);
        await using var host = new HostileHost();
        var connection = new TaskCompletionSource<HostileConnection>();
        var bodySent = 0L;
        var url = host.Add("trickle.jpg", async c =>
        {
            connection.TrySetResult(c);
            await c.WriteHeadAsync("200 OK", "Content-Type: image/jpeg", $"Content-Length: {BodyBytes}");
            for (var i = 0; i < BodyBytes && !c.Closed.IsCompleted; i++)
            {
                await c.WriteAsync([Bridge[i]]);
                Interlocked.Increment(ref bodySent);
                await Task.WhenAny(c.Closed, Task.Delay(TimeSpan.FromSeconds(1), c.Stopping));
            }
        });
        using var client = server.Client(null);

        // When it is fetched
        var answer = await AnswerAsync(await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(url)}"));

        // Then the answer is the fetch failure, given while the host still had bytes to send, and the host sees its
        // connection closed
        var left = BodyBytes - Interlocked.Read(ref bodySent);
        Assert.Equal((HttpStatusCode.BadRequest, Fetching.UrlFetcher.Failed), answer);
        Assert.True(left > 0, "the answer came only after the host had sent its whole body");
        var closed = (await connection.Task).Closed;
        await Waits.UntilAsync(() => closed.IsCompleted, "the trickling host to see its connection closed");
        Assert.True(Interlocked.Read(ref bodySent) < BodyBytes, "the host sent its whole body: the fetcher kept reading");
    }

    [Fact]
    public async Task A_host_that_sends_headers_and_never_the_body_is_given_up_at_the_deadline()
    {
        await using var server = await StartAsync(o => o.FetchTimeoutSeconds = 2);
        await using var host = new HostileHost();
        var connection = new TaskCompletionSource<HostileConnection>();
        var url = host.Add("never.jpg", async c =>
        {
            connection.TrySetResult(c);
            await c.WriteHeadAsync("200 OK", "Content-Type: image/jpeg", "Content-Length: 1000");
            await c.Closed; // holds the connection open until the fetcher closes it
        });
        using var client = server.Client(null);

        var answer = await AnswerAsync(await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(url)}"));

        Assert.Equal((HttpStatusCode.BadRequest, Fetching.UrlFetcher.Failed), answer);
        var closed = (await connection.Task).Closed;
        await Waits.UntilAsync(() => closed.IsCompleted, "the silent host to see its connection closed");
    }

    [Fact]
    public async Task A_body_cut_short_is_a_failed_fetch_not_a_server_error()
    {
        await using var server = await StartAsync();
        await using var host = new HostileHost();
        var url = host.Add("cut.jpg", async c =>
        {
            await c.WriteHeadAsync("200 OK", "Content-Type: image/jpeg", "Content-Length: 1000");
            await c.WriteAsync(Bridge[..10]);
            c.Close();
        });
        using var client = server.Client(null);

        Assert.Equal((HttpStatusCode.BadRequest, Fetching.UrlFetcher.Failed), await AnswerAsync(await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(url)}")));
    }

    [Fact]
    public async Task A_corrupt_gzip_body_is_a_failed_fetch_not_a_bad_multipart_body()
    {
        await using var server = await StartAsync();
        await using var host = new HostileHost();
        var gzip = Encode(Bridge, s => new GZipStream(s, CompressionLevel.Optimal));
        for (var i = 20; i < 60; i++)
        {
            gzip[i] ^= 0x5a; // the deflate data garbled behind a valid gzip header
        }

        var url = host.Add("corrupt.jpg", c => Serve(c, gzip, "Content-Encoding: gzip"));
        using var client = server.Client(null);

        var (status, message) = await AnswerAsync(await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(url)}"));

        Assert.Equal((HttpStatusCode.BadRequest, Fetching.UrlFetcher.Failed), (status, message));
        Assert.DoesNotContain("multipart", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_failure_of_the_host_gets_the_same_answer_so_ports_cannot_be_told_apart()
    {
        // Given one fetch slot (so a failure that kept its slot would make the next answer 503)
        await using var server = await StartAsync(o => o.MaxConcurrentFetches = 1);
        await using var host = new HostileHost();
        var failures = new Dictionary<string, string>
        {
            ["a refused port"] = $"http://127.0.0.1:{FreePort()}/x.jpg",
            ["401"] = host.Add("401.jpg", c => c.WriteHeadAsync("401 Unauthorized", "WWW-Authenticate: Basic realm=\"x\"", "Content-Length: 0")),
            ["404"] = host.Add("404.jpg", c => c.WriteHeadAsync("404 Not Found", "Content-Length: 0")),
            ["500"] = host.Add("500.jpg", c => c.WriteHeadAsync("500 Internal Server Error", "Content-Length: 0")),
            ["a redirect to a host not allowed"] = host.Add("away.jpg", c => c.WriteHeadAsync("302 Found", "Location: http://localhost:1/x.jpg", "Content-Length: 0")),
            ["a redirect to ftp"] = host.Add("ftp.jpg", c => c.WriteHeadAsync("302 Found", "Location: ftp://127.0.0.1/x.jpg", "Content-Length: 0")),
            ["a redirect loop"] = host.Add("loop.jpg", c => c.WriteHeadAsync("302 Found", "Location: /loop.jpg", "Content-Length: 0")),
            ["an encoding not asked for"] = host.Add("br.jpg", c => Serve(c, Bridge, "Content-Encoding: br")),
            ["not HTTP"] = host.Add("garbage.jpg", c => c.WriteAsync("SSH-2.0-OpenSSH_9.6\r\n"u8.ToArray())),
        };
        using var client = server.Client(null);

        foreach (var (what, url) in failures)
        {
            var answer = await AnswerAsync(await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(url)}"));
            Assert.True(answer == (HttpStatusCode.BadRequest, Fetching.UrlFetcher.Failed), $"{what}: {answer}");
        }

        // The allow-list's own answers stay as they were: they tell nothing of the network.
        var (_, notAllowed) = await AnswerAsync(await client.GetAsync($"/h/hash?url={Uri.EscapeDataString("http://localhost:1/x.jpg")}"));
        Assert.Contains("not in Hma:FetchHosts", notAllowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetches_beyond_MaxConcurrentFetches_get_503_with_Retry_After_and_none_is_lost()
    {
        // Given two slots, both taken by fetches the host holds
        await using var server = await StartAsync(o => o.MaxConcurrentFetches = 2);
        await using var host = new HostileHost();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = host.Add("held.jpg", async c =>
        {
            await release.Task;
            await Serve(c, Bridge);
        });
        var image = host.Add("bridge.jpg", c => Serve(c, Bridge));
        using var client = server.Client(null);
        var first = client.GetAsync($"/h/hash?url={Uri.EscapeDataString(held)}");
        var second = client.GetAsync($"/h/hash?url={Uri.EscapeDataString(held)}");
        await Waits.UntilAsync(() => host.Requests == 2, "both held fetches to reach the host");

        // When a third comes
        using var third = await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(image)}");

        // Then it is refused with 503 and Retry-After, without reaching the host
        var (status, message) = await AnswerAsync(third);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("Hma:MaxConcurrentFetches", message, StringComparison.Ordinal);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {third.Headers.RetryAfter}");
        Assert.Equal(2, host.Requests);

        // And the held two are answered once the host answers, and their slots serve the next
        release.SetResult();
        foreach (var answer in new[] { await first, await second, await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(image)}") })
        {
            AssertJson($$"""{"pdq": "{{BridgePdq}}"}""", await answer.JsonAsync(HttpStatusCode.OK));
        }
    }

    /// <summary>A 200 with <paramref name="body"/> as an image, and any extra headers.</summary>
    internal static async Task Serve(HostileConnection connection, byte[] body, params string[] headers)
    {
        await connection.WriteHeadAsync("200 OK", ["Content-Type: image/jpeg", $"Content-Length: {body.Length}", .. headers]);
        await connection.WriteAsync(body);
    }

    /// <summary><paramref name="bytes"/> through an encoder (gzip, zlib).</summary>
    internal static byte[] Encode(byte[] bytes, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream();
        using (var encoding = encoder(output))
        {
            encoding.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>The status and HMA's <c>{"message": …}</c> of an answer.</summary>
    internal static async Task<(HttpStatusCode Status, string Message)> AnswerAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text);
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString()}");

    /// <summary>A loopback port nothing listens on.</summary>
    internal static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private Task<RunningServer> StartAsync(Action<HmaOptions>? configure = null) => RunningServer.StartAsync(_database.Options, o =>
    {
        o.Hma.FetchHosts = "127.0.0.1";
        o.Hma.AnonymousRole = "platform";
        configure?.Invoke(o.Hma);
    });
}
