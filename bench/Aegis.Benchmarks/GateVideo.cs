using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Video;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage;

namespace Aegis.Benchmarks;

/// <summary>
/// The gate on videos and images (issue 13), through a real <c>aegis serve</c> over loopback HTTP (whole requests, timed
/// by the client): a known ~50 MB video re-uploaded (blocked by its MD5 in a bank: no ffmpeg may start, counted by
/// wrapper scripts on the server's PATH), an unknown ~50 MB video against ffmpeg's decode-only time for the same file
/// (interleaved rounds, medians), and 1-megapixel JPEG uploads per second per core. The server-side parts measured in
/// this process: MD5, SHA-256 and both (as the gate computes them) of the 50 MB, and vPDQ hashing of the unknown video.
/// Usage: Aegis.Benchmarks gate AEGIS_DLL WORKDIR [ROUNDS]
/// </summary>
internal static class GateVideo
{
    private const int Jpegs = 300;
    private const int ImageSeconds = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var aegis = Path.GetFullPath(args[0]);
        var work = Path.GetFullPath(args[1]);
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 11;
        Directory.CreateDirectory(work);
        var known = await EnsureVideoAsync(Path.Combine(work, "known-50mb.mp4"), seed: 1);
        var unknown = await EnsureVideoAsync(Path.Combine(work, "unknown-50mb.mp4"), seed: 2);
        var knownBytes = await File.ReadAllBytesAsync(known);
        var unknownBytes = await File.ReadAllBytesAsync(unknown);
        var digests = FileDigests.Of(knownBytes);
        var data = Path.Combine(work, "data-" + Guid.NewGuid().ToString("N")[..8]);
        var key = await PrepareAsync(data, digests.Md5.ToString());
        var tools = Wrappers(Path.Combine(work, "tools"));
        var starts = Path.Combine(tools, "starts.log");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores; known video {knownBytes.Length / 1e6:F1} MB, unknown video {unknownBytes.Length / 1e6:F1} MB (1280×720, 30 fps, 20 s); {rounds} rounds, medians"));

        Console.WriteLine();
        Console.WriteLine("In this process, on the 50 MB:");
        Console.WriteLine("| what | median ms | min ms |");
        Console.WriteLine("|---|---:|---:|");
        InProcess("MD5 alone", () => System.Security.Cryptography.MD5.HashData(knownBytes), rounds);
        InProcess("SHA-256 alone", () => System.Security.Cryptography.SHA256.HashData(knownBytes), rounds);
        InProcess("MD5 + SHA-256 as the gate computes them (two threads)", () => FileDigests.Of(knownBytes), rounds);

        var port = 18000 + Random.Shared.Next(1000);
        using var server = StartServer(aegis, data, port, tools);
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(5),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await WaitReadyAsync(client);
        try
        {
            // Warm-up: compile the paths once (and the ffmpeg -version check), not counted.
            await UploadAsync(client, knownBytes, "block");
            await UploadAsync(client, unknownBytes, "allow");
            File.Delete(starts);

            Console.WriteLine();
            Console.WriteLine("Through `aegis serve` over HTTP (POST /v1/media, whole request as the client sees it):");
            Console.WriteLine("| what | median ms | min ms | max ms | ffmpeg/ffprobe started |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            var knownTimes = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                knownTimes.Add(await TimeAsync(() => UploadAsync(client, knownBytes, "block")));
            }

            var started = File.Exists(starts) ? File.ReadAllLines(starts).Length : 0;
            Row("known video re-uploaded (blocked by MD5)", knownTimes, started.ToString(CultureInfo.InvariantCulture));

            // The floor: the same 50 MB sent and read whole by the server, then refused (a bad content_id) before any hashing.
            var floor = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                floor.Add(await TimeAsync(() => SendOnlyAsync(client, knownBytes)));
            }

            Row("the same bytes sent, read and refused unhashed (transfer floor)", floor, "0");

            var hasher = new VideoHasher(new VideoOptions { SecondsPerHash = 1 });
            var gate = new List<double>();
            var decode = new List<double>();
            var inProcess = new List<double>();
            for (var i = 0; i < Math.Max(3, rounds / 2); i++)
            {
                decode.Add(await TimeAsync(() => DecodeOnlyAsync(unknown)));
                gate.Add(await TimeAsync(() => UploadAsync(client, unknownBytes, "allow")));
                inProcess.Add(await TimeAsync(() => hasher.HashBytesAsync(unknownBytes)));
            }

            var perUpload = File.Exists(starts) ? File.ReadAllLines(starts).Length / (double)gate.Count : 0;
            Row("unknown video (digests, vPDQ, matching, recording)", gate, perUpload.ToString("F1", CultureInfo.InvariantCulture));
            Row("`ffmpeg -i FILE -map 0:v:0 -f null -` (decode only, same file)", decode, "1");
            Row("VideoHasher.HashBytesAsync in this process (same file)", inProcess, "");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"unknown video at the gate / decode only: {Median(gate) / Median(decode):F2}; in-process hashing / decode only: {Median(inProcess) / Median(decode):F2}"));

            var jpegs = FolderComparison.EnsureJpegs(Path.Combine(work, "jpegs"), Jpegs).Select(File.ReadAllBytes).ToArray();
            Console.WriteLine();
            Console.WriteLine($"1-megapixel JPEG uploads (POST /v1/media, {Jpegs} files cycled), closed loop, {ImageSeconds} s a step:");
            Console.WriteLine("| concurrent uploads | images/s | images/s per core | p50 ms | p99 ms |");
            Console.WriteLine("|---:|---:|---:|---:|---:|");
            await ImagesAsync(client, jpegs, 1, seconds: 3, print: false); // warm-up
            foreach (var concurrency in new[] { 1, 2, 4 })
            {
                await ImagesAsync(client, jpegs, concurrency, ImageSeconds, print: true);
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }

        return 0;
    }

    /// <summary>A benign ~50 MB test pattern with noise (so it does not compress away): 720p, 30 fps, 20 s at 20 Mbit/s.</summary>
    private static async Task<string> EnsureVideoAsync(string path, int seed)
    {
        if (!File.Exists(path))
        {
            await RunAsync("ffmpeg",
            [
                "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size=1280x720:rate=30,noise=alls=12:allf=t:all_seed={seed}",
                "-t", "20", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "20M", "-maxrate", "20M", "-bufsize", "40M", "-pix_fmt", "yuv420p", path,
            ]);
        }

        return path;
    }

    private static async Task<string> PrepareAsync(string data, string md5)
    {
        await using var store = await BankStore.OpenAsync(new StorageOptions(data, null));
        await store.CreateBankAsync("gate-known", description: "the known benchmark video's MD5");
        await store.ImportAsync("gate-known", [new HashListRecord(SignalType.Md5, md5, null, null, null, null, null)], "bench");
        return (await new ApiKeyStore(store).CreateAsync("gate-" + Guid.NewGuid().ToString("N")[..8], ApiKeyRole.Admin)).Secret;
    }

    /// <summary>ffmpeg and ffprobe wrappers that log each start and run the real programs.</summary>
    private static string Wrappers(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            var real = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).First(File.Exists);
            var wrapper = Path.Combine(folder, tool);
            File.WriteAllText(wrapper, $"#!/bin/sh\necho \"{tool} $*\" >> '{Path.Combine(folder, "starts.log")}'\nexec '{real}' \"$@\"\n");
            using var chmod = Process.Start("chmod", ["u+x", wrapper]);
            chmod.WaitForExit();
        }

        return folder;
    }

    private static Process StartServer(string aegis, string data, int port, string tools)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { aegis, "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0";
        start.Environment["PATH"] = tools + ":" + Environment.GetEnvironmentVariable("PATH");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }
    }

    private static async Task UploadAsync(HttpClient client, byte[] bytes, string verdict)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var response = await client.PostAsync($"/v1/media?content_id=gate-{Guid.NewGuid():N}", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !body.Contains($"\"verdict\":\"{verdict}\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"expected {verdict}, got {(int)response.StatusCode}: {body[..Math.Min(400, body.Length)]}");
        }
    }

    private static async Task SendOnlyAsync(HttpClient client, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var response = await client.PostAsync("/v1/media?content_id=%01", content);
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            throw new InvalidOperationException($"expected 400, got {(int)response.StatusCode}");
        }
    }

    private static async Task ImagesAsync(HttpClient client, byte[][] files, int concurrency, int seconds, bool print)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var i = Interlocked.Increment(ref next);
                var started = clock.Elapsed.TotalMilliseconds;
                using var content = new ByteArrayContent(files[i % files.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                using var response = await client.PostAsync($"/v1/media?content_id=img-{Guid.NewGuid():N}", content);
                response.EnsureSuccessStatusCode();
                latencies.Add(clock.Elapsed.TotalMilliseconds - started);
            }
        })));
        if (print)
        {
            var sorted = latencies.Order().ToArray();
            var rate = sorted.Length / clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {concurrency} | {rate:F1} | {rate / Math.Min(concurrency, Environment.ProcessorCount):F1} | {sorted[sorted.Length / 2]:F1} | {sorted[(int)(sorted.Length * 0.99)]:F1} |"));
        }
    }

    private static async Task DecodeOnlyAsync(string file) =>
        await RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-noautorotate", "-i", file, "-map", "0:v:0", "-f", "null", "-"]);

    private static async Task RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {await error}");
        }
    }

    private static void InProcess(string what, Action run, int rounds)
    {
        run();
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {Median(times):F1} | {times.Min():F1} |"));
    }

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        var watch = Stopwatch.StartNew();
        await run();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static void Row(string what, List<double> times, string started) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {Median(times):F1} | {times.Min():F1} | {times.Max():F1} | {started} |"));

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
}
