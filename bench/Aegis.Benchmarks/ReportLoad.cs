using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aegis.Storage;

namespace Aegis.Benchmarks;

/// <summary>
/// Report load on a real <c>aegis serve</c>: 10,000 reports over 1,000 items from 20 concurrent clients; then checks that
/// no report was lost and each item has one case. Usage: Aegis.Benchmarks report-load AEGIS_DLL DATADIR [POSTGRES]
/// </summary>
internal static class ReportLoad
{
    private const int Reports = 10_000;
    private const int Items = 1_000;
    private const int Clients = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var aegis = Path.GetFullPath(args[0]);
        var storage = new StorageOptions(Path.GetFullPath(args[1]), args.Length > 2 ? args[2] : null);
        string platformKey, reviewerKey;
        await using (var store = await BankStore.OpenAsync(storage))
        {
            var keys = new ApiKeyStore(store);
            var tag = Guid.NewGuid().ToString("N")[..8];
            platformKey = (await keys.CreateAsync("load-platform-" + tag, ApiKeyRole.Platform)).Secret;
            reviewerKey = (await keys.CreateAsync("load-reviewer-" + tag, ApiKeyRole.Reviewer)).Secret;
        }

        var port = 19000 + Random.Shared.Next(1000);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { aegis, "serve", "--urls", $"http://127.0.0.1:{port}", storage.UsesPostgres ? "--postgres" : "--data", storage.UsesPostgres ? storage.PostgresConnectionString! : storage.DataDirectory! })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0";
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        var categories = new[] { "other_policy", "child_sexual_exploitation", "non_consensual_intimate_imagery", "sextortion" };
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = client.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platformKey);
            int n;
            while ((n = Interlocked.Increment(ref next)) < Reports)
            {
                var t = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/v1/reports", new { content_ids = new[] { $"{run}-{n % Items}" }, category = categories[n % categories.Length] });
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reviewerKey);
        var queue = JsonNode.Parse(await client.GetStringAsync("/v1/cases?limit=1000"))!.AsArray()
            .Where(c => ((string)c!["content_id"]!).StartsWith(run, StringComparison.Ordinal)).ToList();
        var cases = queue.Count;
        var items = queue.Select(c => (string)c!["content_id"]!).Distinct().Count();
        var counted = queue.Sum(c => (int)c!["reports"]!);
        server.Kill(entireProcessTree: true);
        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(storage.UsesPostgres ? "PostgreSQL" : "SQLite")} | {Reports:N0} reports, {Items:N0} items, {Clients} clients | {seconds:F1} s | {Reports / seconds:F0}/s | {sorted[sorted.Length / 2]:F1} ms | {sorted[(int)(sorted.Length * 0.99)]:F1} ms | {errors} | {cases:N0} cases for {items:N0} items | {counted:N0} |"));
        return errors == 0 && cases == Items && items == Items && counted == Reports ? 0 : 1;
    }
}
