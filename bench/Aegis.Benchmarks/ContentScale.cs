using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Aegis.Storage;

namespace Aegis.Benchmarks;

/// <summary>
/// The content index at scale through a real <c>aegis serve</c> (issue 12). With ITEMS recorded items (filled directly
/// into <c>contents</c>: see <see cref="ScaleFill"/>, <see cref="ScaleWorkload"/>) it measures: process start to
/// <c>/readyz</c> 200 (verdicts) and to <c>content_index.state == "current"</c>, first with no snapshot (every row read
/// from the database) and again after a SIGTERM (from the snapshot); the idle server's resident memory against an idle
/// server with an empty table; retroactive matching of 1,000 newly banked PDQs (3,000 planted copies: every one must get
/// a match event, and nothing else); and a report on a planted copy, whose copy lookup must find its sibling.
/// Usage: Aegis.Benchmarks content-scale AEGIS_DLL WORKDIR ITEMS [POSTGRES]. A WORKDIR already filled with ITEMS rows is
/// reused (the fill is skipped, and the empty-table figure is read from the first run's <c>baseline.txt</c>).
/// </summary>
internal static class ContentScale
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var aegis = Path.GetFullPath(args[0]);
        var work = Path.GetFullPath(args[1]);
        var items = long.Parse(args[2], CultureInfo.InvariantCulture);
        var storage = new StorageOptions(Path.Combine(work, "data"), args.Length > 3 ? args[3] : null);
        var snapshots = Path.Combine(work, "content-index");
        Directory.CreateDirectory(storage.DataDirectory!);
        string key;
        await using (var store = await BankStore.OpenAsync(storage))
        {
            key = (await new ApiKeyStore(store).CreateAsync("scale-" + Guid.NewGuid().ToString("N")[..8], ApiKeyRole.Admin)).Secret;
        }

        var port = 18500 + Random.Shared.Next(500);
        string Log(string name) => Path.Combine(work, $"server-{name}.log");
        Console.WriteLine($"{items:N0} items on {(storage.UsesPostgres ? "PostgreSQL" : "SQLite")}; {Environment.ProcessorCount} cores; server logs in {work}");

        var workload = new ScaleWorkload(items);
        var baselineFile = Path.Combine(work, "baseline.txt");
        var rows = await ScaleFill.CountAsync(storage);
        if (rows == 0)
        {
            await using (var empty = ScaleServer.Start(aegis, storage, snapshots, port, key, Log("empty")))
            {
                var (ready, current, _) = await empty.WaitCurrentAsync(StartLimit);
                await empty.WaitIdleAsync(TimeSpan.FromSeconds(5), 0.1, StartLimit);
                var memory = empty.Memory();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"empty table: verdicts {ready:F2} s, current {current:F2} s; idle {memory}"));
                if (await empty.GcAsync() is { } gc)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GC: committed {gc.Committed / 1e6:N0} MB, heap after the last collection {gc.Heap / 1e6:N0} MB"));
                }

                await File.WriteAllTextAsync(baselineFile, string.Create(CultureInfo.InvariantCulture, $"{memory.Rss} {memory.Anon} {memory.File}"));
                await empty.StopAsync();
            }

            await ScaleFill.FillAsync(storage, workload);
        }
        else if (rows != items)
        {
            Console.Error.WriteLine($"{work} holds {rows:N0} rows, not {items:N0}: use a fresh WORKDIR.");
            return 2;
        }

        var parts = (await File.ReadAllTextAsync(baselineFile)).Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var baseline = new ScaleMemory(parts[0], parts[1], parts[2], 0, 0, 0);
        Console.WriteLine($"empty table (idle): {baseline}");

        // First start: no snapshot, every row from the database.
        if (Directory.Exists(snapshots))
        {
            Directory.Delete(snapshots, recursive: true);
        }

        var first = await StartAndMeasureAsync("first start (no snapshot: rows)", aegis, storage, snapshots, port, key, Log("first"), baseline, items);
        double firstStop;
        await using (first.Server)
        {
            firstStop = await first.Server.StopAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SIGTERM → exit {firstStop:F1} s; snapshot on disk {SnapshotBytes(snapshots) / 1e6:N0} MB = {(double)SnapshotBytes(snapshots) / items:F1} B/item"));

        // Second start: from the snapshot written at the stop.
        var second = await StartAndMeasureAsync("second start (snapshot)", aegis, storage, snapshots, port, key, Log("second"), baseline, items);
        await using (second.Server)
        {
            var retro = await RetroactiveAsync(second.Server.Http, workload);
            var reports = await ReportsAsync(second.Server.Http);
            Console.WriteLine($"  after retro and reports: {second.Server.Memory()}");
            var secondStop = await second.Server.StopAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SIGTERM → exit {secondStop:F1} s"));

            Console.WriteLine();
            Console.WriteLine("| items | start → verdicts (rows / snapshot) | start → current (rows / snapshot) | RSS per item, anon / file (rows start; snapshot start) | retro 1,000 hashes → 3,000 events | report with copies |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {items:N0} | {first.Ready:F2} s / {second.Ready:F2} s | {first.Current:F1} s / {second.Current:F1} s (idle {first.Idle:F0} s / {second.Idle:F0} s) | {first.AnonPerItem:F1} / {first.FilePerItem:F1} B; {second.AnonPerItem:F1} / {second.FilePerItem:F1} B | {retro:F2} s | {reports} |"));
        }

        return 0;
    }

    private static async Task<(ScaleServer Server, double Ready, double Current, double Idle, double AnonPerItem, double FilePerItem)> StartAndMeasureAsync(
        string what, string aegis, StorageOptions storage, string snapshots, int port, string key, string log, ScaleMemory baseline, long items)
    {
        Console.WriteLine($"{what}: load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        var server = ScaleServer.Start(aegis, storage, snapshots, port, key, log);
        try
        {
            var (ready, current, held) = await server.WaitCurrentAsync(StartLimit);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: verdicts {ready:F2} s, current {current:F2} s ({held:N0} items held)"));
            if (held != items)
            {
                throw new InvalidOperationException($"the server holds {held:N0} items, not {items:N0}");
            }

            var idle = await server.WaitIdleAsync(TimeSpan.FromSeconds(5), 0.1, StartLimit);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  background work (segment builds and merges) done, idle at {idle:F0} s"));
            var memory = server.Memory();
            var anon = (double)(memory.Anon - baseline.Anon) / items;
            var file = (double)(memory.File - baseline.File) / items;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  idle {memory}; over the empty table: {(double)(memory.Rss - baseline.Rss) / items:F1} B/item = anon {anon:F1} + file {file:F1} (snapshot pages {(double)memory.SnapshotRss / items:F1})"));
            if (await server.GcAsync() is { } gc)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GC: committed {gc.Committed / 1e6:N0} MB, heap after the last collection {gc.Heap / 1e6:N0} MB"));
            }

            return (server, ready, current, idle, anon, file);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Banks the 1,000 targets in a new bank; seconds from the import's start until all 3,000 copies have a match event.</summary>
    private static async Task<double> RetroactiveAsync(HttpClient http, ScaleWorkload workload)
    {
        var bank = "retro-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await http.PostAsync("/v1/banks", Json(new { name = bank, pdq_threshold = 31 })), HttpStatusCode.Created);
        var after = 0L;
        while (true)
        {
            var (events, next) = await EventsAsync(http, after);
            after = next;
            if (events.Count == 0)
            {
                break;
            }
        }

        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < ScaleWorkload.Targets; t++)
        {
            for (var k = 0; k < ScaleWorkload.CopiesPerTarget; k++)
            {
                expected[ScaleWorkload.CopyId(t, k)] = workload.CopyDistances[t, k];
            }
        }

        var list = string.Concat(workload.TargetPdqs.Select(p => $"pdq {ScaleWorkload.TargetHex(p)}\n"));
        var clock = Stopwatch.StartNew();
        await Expect(await http.PostAsync($"/v1/banks/{bank}/imports?format=threatexchange", new StringContent(list, Encoding.UTF8, "text/plain")), HttpStatusCode.OK);
        var imported = clock.Elapsed.TotalSeconds;
        var found = new List<(string ContentId, int Distance)>();
        double? complete = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            var (events, next) = await EventsAsync(http, after);
            after = next;
            found.AddRange(events.Where(e => e.Bank == bank).Select(e => (e.ContentId, e.Distance)));
            if (complete is null && found.Count >= expected.Count)
            {
                complete = clock.Elapsed.TotalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(2)); // then once more, for any extra event
            }
            else if (complete is not null)
            {
                break;
            }
            else if (events.Count == 0)
            {
                await Task.Delay(20);
            }
        }

        var missed = expected.Keys.Except(found.Select(f => f.ContentId), StringComparer.Ordinal).Count();
        var extra = found.Count(f => !expected.ContainsKey(f.ContentId));
        var duplicates = found.Count - found.Select(f => f.ContentId).Distinct(StringComparer.Ordinal).Count();
        var wrongDistance = found.Count(f => expected.TryGetValue(f.ContentId, out var d) && d != f.Distance);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"retroactive: import of {ScaleWorkload.Targets:N0} PDQs answered in {imported:F2} s; {found.Count:N0} events for the bank, all 3,000 after {complete ?? double.NaN:F2} s; missed {missed}, extra {extra}, duplicates {duplicates}, wrong distance {wrongDistance}"));
        if (missed + extra + duplicates + wrongDistance > 0)
        {
            throw new InvalidOperationException("retroactive matching did not find exactly the planted copies");
        }

        return complete!.Value;
    }

    /// <summary>Reports copy 0 then copy 1 of each report target: the second must join the first's case (its copy lookup found it).</summary>
    private static async Task<string> ReportsAsync(HttpClient http)
    {
        var times = new List<double>();
        for (var t = 0; t < ScaleWorkload.ReportTargets; t++)
        {
            var (firstCase, firstMs) = await ReportAsync(http, ScaleWorkload.CopyId(t, 0));
            var (secondCase, secondMs) = await ReportAsync(http, ScaleWorkload.CopyId(t, 1));
            times.Add(firstMs);
            times.Add(secondMs);
            if (firstCase != secondCase)
            {
                throw new InvalidOperationException($"a report on {ScaleWorkload.CopyId(t, 1)} did not find its copy {ScaleWorkload.CopyId(t, 0)} (cases {firstCase}, {secondCase})");
            }
        }

        var sorted = times.Order().ToArray();
        var summary = string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Length / 2]:F0} ms (first {times[0]:F0}, max {sorted[^1]:F0})");
        Console.WriteLine($"reports: {times.Count} on planted copies, each copy's sibling found (same case): median {summary}");
        return summary;
    }

    private static async Task<(long CaseId, double Ms)> ReportAsync(HttpClient http, string contentId)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/v1/reports", Json(new
        {
            content_ids = new[] { contentId },
            category = "other_policy",
            reporter_is_subject = false,
            subject_was_minor = (bool?)null,
            reporter_id = "scale-bench",
            text = (string?)null,
        }));
        var body = await response.Content.ReadAsStringAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"report: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return (Number(json.RootElement[0].GetProperty("case_id")), ms);
    }

    private static async Task<(List<(string ContentId, string Bank, int Distance)> Events, long Next)> EventsAsync(HttpClient http, long after)
    {
        using var response = await http.GetAsync($"/v1/match-events?after={after}&limit=10000");
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"match-events: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        var events = json.RootElement.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("content_id").GetString()!, e.GetProperty("bank").GetString()!, (int)Number(e.GetProperty("distance"))))
            .ToList();
        return (events, Number(json.RootElement.GetProperty("next")));
    }

    private static long Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetInt64();

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            if (response.StatusCode != status)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static long SnapshotBytes(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
}
