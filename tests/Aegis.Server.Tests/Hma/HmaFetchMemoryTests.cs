using System.Globalization;
using System.IO.Compression;
using System.Net;
using Aegis.Server.Tests.Support;
using Xunit.Abstractions;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// What a <c>?url=</c> fetch costs the server in memory when the host sends more than <c>MaxRequestBytes</c>: a gzip
/// bomb and an endless plain body, each against a real <c>aegis serve</c> child process whose peak resident memory
/// (<c>VmHWM</c> in <c>/proc/&lt;pid&gt;/status</c>) is read before and after; and what such a server logs of a fetch
/// that failed.
/// </summary>
public sealed class HmaFetchMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The server's <c>MaxRequestBytes</c> in these tests.</summary>
    private const long Limit = 32L * 1024 * 1024;

    /// <summary>
    /// How much the server's peak resident memory may grow on one refused fetch: the body, up to the limit (it grows in
    /// place and nothing else is kept), plus 24 MB for the runtime's own noise (the GC heap, thread stacks, code first
    /// run). Measured: 31.7 MB for both tests here; the fetcher before this one, whose buffer doubled past the limit
    /// and left its smaller halves to the GC, grew by 94–97 MB (three times the limit); one that held whatever the host
    /// sent would grow by <see cref="BombBytes"/>.
    /// </summary>
    private const long Allowance = Limit + (24L * 1024 * 1024);

    /// <summary>What the bomb inflates to: far past the limit, and far past the allowance.</summary>
    private const long BombBytes = 256L * 1024 * 1024;

    private static readonly byte[] Bridge = File.ReadAllBytes(Support.Api.Image("bridge.jpg"));

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_gzip_bomb_is_refused_with_413_and_the_server_memory_stays_flat()
    {
        // Given a gzip body of a few hundred KB that inflates to 256 MB, and a server that took a gzip image already
        var bomb = Bomb();
        Assert.True(bomb.Length < Limit / 8, $"the bomb is {bomb.Length} bytes on the wire");
        await using var host = new HostileHost();
        var image = host.Add("bridge.jpg.gz", c => HmaFetchTests.Serve(c, HmaFetchTests.Encode(Bridge, s => new GZipStream(s, CompressionLevel.Optimal)), "Content-Encoding: gzip"));
        var url = host.Add("bomb.jpg", c => HmaFetchTests.Serve(c, bomb, "Content-Encoding: gzip"));
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Waits.HangGuard }; // key-less: Hma:AnonymousRole
        await (await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(image)}")).JsonAsync(HttpStatusCode.OK);

        // When the bomb is fetched, then it is too large, and the server's peak memory barely moved
        await AssertTooLargeWithFlatMemoryAsync(server, client, url);
    }

    [Fact]
    public async Task An_endless_plain_body_is_refused_with_413_and_the_server_memory_stays_flat()
    {
        // Given a host that streams bytes with no Content-Length until the connection closes, and a server that took a
        // body of unknown length already
        await using var host = new HostileHost();
        var image = host.Add("bridge.jpg", async c =>
        {
            await c.WriteHeadAsync("200 OK", "Content-Type: image/jpeg", "Connection: close");
            await c.WriteAsync(Bridge);
        });
        var endless = new TaskCompletionSource<HostileConnection>();
        var url = host.Add("endless.jpg", async c =>
        {
            endless.TrySetResult(c);
            await c.WriteHeadAsync("200 OK", "Content-Type: image/jpeg", "Connection: close");
            var chunk = new byte[64 * 1024];
            while (!c.Closed.IsCompleted)
            {
                await c.WriteAsync(chunk);
            }
        });
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Waits.HangGuard }; // key-less: Hma:AnonymousRole
        await (await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(image)}")).JsonAsync(HttpStatusCode.OK);

        // When it is fetched, then it is too large, the server's peak memory barely moved, and the host sees its connection closed
        await AssertTooLargeWithFlatMemoryAsync(server, client, url);
        var closed = (await endless.Task).Closed;
        await Waits.UntilAsync(() => closed.IsCompleted, "the endless host to see its connection closed");
    }

    [Fact]
    public async Task The_cause_of_a_failed_fetch_is_logged_though_the_caller_is_not_told()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Waits.HangGuard };
        var port = HmaFetchTests.FreePort();

        var answer = await HmaFetchTests.AnswerAsync(await client.GetAsync($"/h/hash?url={Uri.EscapeDataString($"http://127.0.0.1:{port}/x.jpg?token=secret")}"));

        Assert.Equal((HttpStatusCode.BadRequest, Aegis.Server.Fetching.UrlFetcher.Failed), answer);
        await Waits.UntilAsync(
            () => server.Output.Contains($"Fetching http://127.0.0.1:{port}/x.jpg for an HMA ?url= failed: Connection refused", StringComparison.Ordinal),
            "the server to log the refused connection",
            seen: () => server.Output);
        Assert.DoesNotContain("secret", server.Output, StringComparison.Ordinal); // the query (signed URLs' tokens) is not logged
    }

    /// <summary>Fetches <paramref name="url"/>: a 413, with the server's peak resident memory grown by less than <see cref="Allowance"/>.</summary>
    private async Task AssertTooLargeWithFlatMemoryAsync(ServerProcess server, HttpClient client, string url)
    {
        var before = server.PeakResidentBytes;

        var answer = await HmaFetchTests.AnswerAsync(await client.GetAsync($"/h/hash?url={Uri.EscapeDataString(url)}"));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "Content too large"), answer);
        var grown = server.PeakResidentBytes - before;
        output.WriteLine($"peak resident memory: {before / (1024 * 1024)} MB before, grown by {grown / (1024 * 1024.0):0.0} MB");
        Assert.True(grown < Allowance, $"the server's peak resident memory grew by {grown / (1024 * 1024)} MB (allowed {Allowance / (1024 * 1024)} MB)");
    }

    /// <summary>Gzip of <see cref="BombBytes"/> zero bytes.</summary>
    private static byte[] Bomb()
    {
        var zeros = new byte[1024 * 1024];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            for (var written = 0L; written < BombBytes; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }

    private Task<ServerProcess> StartAsync() => ServerProcess.StartAsync(_database.Options, new Dictionary<string, string>
    {
        ["AEGIS_MAXREQUESTBYTES"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["AEGIS_HMA__FETCHHOSTS"] = "127.0.0.1",
        ["AEGIS_HMA__ANONYMOUSROLE"] = "platform",
    });
}
