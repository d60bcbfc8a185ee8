using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aegis.Storage;

namespace Aegis.Benchmarks;

/// <summary>
/// The webhooks of one takedown through a real <c>aegis serve</c> (issue 13): a root upload and RESHARES reshares of it
/// (the same file, each by its own account; some of reshares), the root reported and confirmed. A receiver on loopback
/// answers 200 at once and counts what arrives. Prints the webhooks by type, the time from the confirmation to the
/// platform knowing of every removal (from <c>content.removed</c> or <c>case.actions</c>), and to the outbox being empty.
/// Usage: Aegis.Benchmarks webhook-volume AEGIS_DLL DATADIR [RESHARES] [NAME=VALUE…] (environment for the server, e.g.
/// AEGIS_WEBHOOKS__CONCURRENCY=1; RECEIVER_MS=20 makes the receiver take that long to answer, as one across a network
/// would). AEGIS_DLL may be another build's (the "before" of a change): only HTTP is shared.
/// </summary>
internal static class WebhookVolume
{
    public static async Task<int> RunAsync(string[] args)
    {
        var aegis = Path.GetFullPath(args[0]);
        var storage = new StorageOptions(Path.GetFullPath(args[1]), null);
        var reshares = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000;
        var settings = args.Skip(3).Select(a => (Name: a[..a.IndexOf('=', StringComparison.Ordinal)], Value: a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..])).ToList();
        var receiverDelay = TimeSpan.FromMilliseconds(settings.Where(s => s.Name == "RECEIVER_MS").Select(s => int.Parse(s.Value, CultureInfo.InvariantCulture)).FirstOrDefault());
        string platformKey, reviewerKey;
        await using (var store = await BankStore.OpenAsync(storage))
        {
            var keys = new ApiKeyStore(store);
            platformKey = (await keys.CreateAsync("bench-platform", ApiKeyRole.Platform)).Secret;
            reviewerKey = (await keys.CreateAsync("bench-reviewer", ApiKeyRole.SeniorReviewer)).Secret;
        }

        // The platform: counts every delivery by type, and notes when each removed item was first told.
        var byType = new ConcurrentDictionary<string, int>();
        var removedAt = new ConcurrentDictionary<string, TimeSpan>();
        var restrictedAt = new ConcurrentDictionary<string, TimeSpan>();
        var reportClock = new Stopwatch();
        var clock = new Stopwatch();
        var lastArrival = Stopwatch.StartNew();
        using var listener = new HttpListener();
        var hookPort = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{hookPort}/hooks/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using var reader = new StreamReader(context.Request.InputStream);
                    var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
                    var type = (string)body["type"]!;
                    byType.AddOrUpdate(type, 1, (_, n) => n + 1);
                    var removed = type switch
                    {
                        "content.removed" => [(string)body["content_id"]!],
                        "case.actions" => body["items"]!.AsArray().Where(i => (string)i!["action"]! == "removed").Select(i => (string)i!["content_id"]!).ToList(),
                        _ => new List<string>(),
                    };
                    foreach (var id in removed)
                    {
                        removedAt.TryAdd(id, clock.Elapsed);
                    }

                    var restricted = type switch
                    {
                        "content.restricted" => [(string)body["content_id"]!],
                        "case.actions" => body["items"]!.AsArray().Where(i => (string)i!["action"]! == "restricted").Select(i => (string)i!["content_id"]!).ToList(),
                        _ => new List<string>(),
                    };
                    foreach (var id in restricted)
                    {
                        restrictedAt.TryAdd(id, reportClock.Elapsed);
                    }

                    await Task.Delay(receiverDelay);
                    lastArrival.Restart();
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                });
            }
        });

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { aegis, "serve", "--urls", $"http://127.0.0.1:{port}", "--data", storage.DataDirectory! })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0";
        start.Environment["AEGIS_WEBHOOKS__URL"] = $"http://127.0.0.1:{hookPort}/hooks/";
        start.Environment["AEGIS_WEBHOOKS__SECRET"] = "bench";
        foreach (var (name, value) in settings.Where(s => s.Name != "RECEIVER_MS"))
        {
            start.Environment[name] = value;
        }

        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var platform = Client(port, platformKey);
            using var reviewer = Client(port, reviewerKey);
            while (!await ReadyAsync(platform))
            {
                await Task.Delay(100);
            }

            // A root and its reshares, the same file (one PDQ, MD5, SHA-256), a quarter of them reshares of reshares.
            var run = Guid.NewGuid().ToString("N")[..8];
            var hashes = new { pdq = Hex(32, 1), md5 = Hex(16, 2), sha256 = Hex(32, 3) };
            var ids = new[] { $"root-{run}" }.Concat(Enumerable.Range(0, reshares).Select(i => $"share-{run}-{i}")).ToList();
            string? Parent(int i) => i == 0 ? null : i <= reshares * 3 / 4 ? ids[0] : ids[1 + (i % (reshares * 3 / 4))];
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < ids.Count)
                {
                    using var response = await platform.PostAsJsonAsync(
                        "/v1/lookup", new { content_id = ids[i], uploader_id = $"acct-{ids[i]}", parent_content_id = Parent(i), hashes.pdq, hashes.md5, hashes.sha256 });
                    response.EnsureSuccessStatusCode();
                }
            })));

            // The report: from here to its answer (every reshare restricted in its transaction) and to the platform knowing.
            byType.Clear();
            reportClock.Start();
            var report = JsonNode.Parse(await (await platform.PostAsJsonAsync("/v1/reports", new { content_ids = new[] { ids[0] }, category = "child_sexual_exploitation" })).Content.ReadAsStringAsync())!;
            var reportAnswered = reportClock.Elapsed;
            var caseId = (long)report[0]!["case_id"]!;
            await WaitAsync(() => byType.ContainsKey("content.restricted") && lastArrival.Elapsed > TimeSpan.FromSeconds(1));
            var allRestricted = restrictedAt.Count == ids.Count ? restrictedAt.Values.Max() : TimeSpan.Zero;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report answered {reportAnswered.TotalSeconds:F2} s; items told restricted {restrictedAt.Count:N0} of {ids.Count:N0}, all by {allRestricted.TotalSeconds:F2} s; webhooks {byType.Values.Sum():N0} ({string.Join(", ", byType.Select(t => $"{t.Key} {t.Value}"))})"));
            byType.Clear();

            // The confirmation: from here to the platform knowing of every removal.
            clock.Start();
            using (var decision = await reviewer.PostAsJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", classification = "a1", reason = "confirmed" }))
            {
                decision.EnsureSuccessStatusCode();
            }

            var answered = clock.Elapsed;
            await WaitAsync(() => ids.All(removedAt.ContainsKey));
            var allRemoved = removedAt.Values.Max();
            await WaitAsync(() => lastArrival.Elapsed > TimeSpan.FromSeconds(5)); // the retroactive matches come after the cascade
            var quiet = clock.Elapsed - lastArrival.Elapsed;
            var total = byType.Values.Sum();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reshares {reshares}; settings: {string.Join(' ', args.Skip(3))}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decision answered {answered.TotalSeconds:F2} s; every removal told {allRemoved.TotalSeconds:F2} s; last webhook {quiet.TotalSeconds:F2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"webhooks after the confirmation: {total:N0}"));
            foreach (var (type, count) in byType.OrderByDescending(t => t.Value))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {type}: {count:N0}"));
            }

            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            listener.Stop();
        }
    }

    private static HttpClient Client(int port, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/readyz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task WaitAsync(Func<bool> done)
    {
        var guard = Stopwatch.StartNew();
        while (!done())
        {
            if (guard.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException("gave up after 30 minutes");
            }

            await Task.Delay(50);
        }
    }

    private static string Hex(int bytes, int seed) => Convert.ToHexStringLower(SHA512.HashData([(byte)seed])[..bytes]);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
