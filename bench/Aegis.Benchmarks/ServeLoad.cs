using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage;

namespace Aegis.Benchmarks;

/// <summary>
/// Load on a real <c>aegis serve</c> process over loopback: hash-only lookups against a 1M-entry PDQ bank at fixed
/// request rates (open loop: latency counts from when each request was due, so a stall is not hidden), then 1-megapixel
/// JPEG uploads (closed loop), next to <c>aegis hash</c> on the same files in the same run.
/// Usage: Aegis.Benchmarks serve-load AEGIS_DLL WORKDIR [SECONDS_PER_STEP]
/// </summary>
internal static class ServeLoad
{
    private const int BankSize = 1_000_000;
    private const int Jpegs = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        var aegis = Path.GetFullPath(args[0]);
        var work = Path.GetFullPath(args[1]);
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var data = Path.Combine(work, "data");
        var (key, banked) = await PrepareAsync(data);
        var jpegs = FolderComparison.EnsureJpegs(Path.Combine(work, "jpegs"), Jpegs);
        var port = 18000 + Random.Shared.Next(1000);
        using var server = StartServer(aegis, data, port);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await WaitReadyAsync(client);

        Console.WriteLine($"Hash-only lookups (POST /v1/lookup, random PDQ, 1 in 10 near a banked hash) against {BankSize:N0} PDQ entries, {seconds} s a step:");
        Console.WriteLine("| target req/s | achieved req/s | p50 ms | p90 ms | p99 ms | max ms | errors |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        await OpenLoopAsync(client, 500, 3, banked, print: false); // warm-up
        foreach (var rate in new[] { 500, 1000, 2000, 3000, 4000 })
        {
            await OpenLoopAsync(client, rate, seconds, banked, print: true);
        }

        Console.WriteLine();
        Console.WriteLine($"1-megapixel JPEG uploads (POST /v1/media, {jpegs.Length} files cycled), closed loop, {seconds} s a step:");
        Console.WriteLine("| concurrent uploads | images/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        var bytes = jpegs.Select(File.ReadAllBytes).ToArray();
        foreach (var concurrency in new[] { 1, 2, 4 })
        {
            await UploadsAsync(client, bytes, concurrency, seconds);
        }

        server.Kill(entireProcessTree: true);
        var cli = Stopwatch.StartNew();
        RunCli(aegis, Path.Combine(work, "jpegs"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"aegis hash on the same {jpegs.Length} files (all cores, whole process): {jpegs.Length / cli.Elapsed.TotalSeconds:F1} images/s"));
        return 0;
    }

    private static async Task<(string Key, PdqHash[] Banked)> PrepareAsync(string data)
    {
        await using var store = await BankStore.OpenAsync(new StorageOptions(data, null));
        var random = new Random(1);
        var hashes = new PdqHash[BankSize];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = new PdqHash((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
        }

        if (await store.GetBankAsync("load-1m") is null)
        {
            await store.CreateBankAsync("load-1m", description: "random stand-in hashes for load tests");
            var watch = Stopwatch.StartNew();
            await store.ImportAsync("load-1m", hashes.Select(h => new HashListRecord(SignalType.Pdq, h.ToString(), null, null, null, null, null)), "bench");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"imported {BankSize:N0} PDQ hashes in {watch.Elapsed.TotalSeconds:F1} s"));
        }

        var key = (await new ApiKeyStore(store).CreateAsync("load-" + Guid.NewGuid().ToString("N")[..8], ApiKeyRole.Admin)).Secret;
        return (key, hashes[..1000]);
    }

    private static Process StartServer(string aegis, string data, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { aegis, "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server ready (1M entries loaded) {watch.Elapsed.TotalSeconds:F1} s after start"));
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }
    }

    private static async Task OpenLoopAsync(HttpClient client, int rate, int seconds, PdqHash[] banked, bool print)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var random = new Random(rate);
        var bodies = Enumerable.Range(0, 4096).Select(i =>
        {
            var hash = i % 10 == 0
                ? new PdqHash(banked[i % banked.Length].W0 ^ 0b1011, banked[i % banked.Length].W1, banked[i % banked.Length].W2, banked[i % banked.Length].W3)
                : new PdqHash((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
            return Encoding.UTF8.GetBytes($"{{\"pdq\":\"{hash}\"}}");
        }).ToArray();
        var total = rate * seconds;
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < total;)
        {
            var due = (int)Math.Min(total, clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                var dueAt = (double)sent / rate;
                var body = bodies[sent % bodies.Length];
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        using var content = new ByteArrayContent(body);
                        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                        using var response = await client.PostAsync("/v1/lookup", content);
                        await response.Content.CopyToAsync(Stream.Null);
                        if (!response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    latencies.Add((clock.Elapsed.TotalSeconds - dueAt) * 1000);
                }));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        if (print)
        {
            var sorted = latencies.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rate} | {total / elapsed:F0} | {Pct(sorted, 0.5):F2} | {Pct(sorted, 0.9):F2} | {Pct(sorted, 0.99):F2} | {sorted[^1]:F1} | {errors} |"));
        }
    }

    private static async Task UploadsAsync(HttpClient client, byte[][] files, int concurrency, int seconds)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var next = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var i = Interlocked.Increment(ref next);
                var started = clock.Elapsed.TotalMilliseconds;
                using var content = new ByteArrayContent(files[i % files.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                using var response = await client.PostAsync($"/v1/media?content_id=load-{Guid.NewGuid():N}&uploader_id=bench", content);
                await response.Content.CopyToAsync(Stream.Null);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(clock.Elapsed.TotalMilliseconds - started);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {concurrency} | {sorted.Length / clock.Elapsed.TotalSeconds:F1} | {Pct(sorted, 0.5):F1} | {Pct(sorted, 0.99):F1} | {errors} |"));
    }

    private static void RunCli(string aegis, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { aegis, "hash", folder })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
    }

    private static double Pct(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
