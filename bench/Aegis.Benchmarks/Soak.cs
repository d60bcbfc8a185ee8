using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Aegis.Storage;
using SkiaSharp;

namespace Aegis.Benchmarks;

/// <summary>
/// A soak of one real <c>aegis serve</c>: for a number of minutes, normal uploads through the gate run side by side
/// with hostile traffic (decompression-bomb PNGs, corrupt and lying media, junk API calls, an HMA fetch of a gzip bomb
/// and of hosts that trickle, stall or cut short, bodies sent too slowly). It samples the server's RSS throughout and
/// while idle afterwards, counts every answer by traffic class and status, checks every normal upload answered 200 was
/// recorded, and that the server process never exited.
/// Usage: Aegis.Benchmarks soak AEGIS_DLL WORKDIR [MINUTES] [POSTGRES]. Settings for the server (AEGIS_*) are taken from
/// the environment, e.g. AEGIS_DECODE__BUDGETBYTES.
/// </summary>
internal static class Soak
{
    private const int NormalClients = 6;
    private const int IdleSeconds = 60;

    private static readonly ConcurrentDictionary<(string Class, string Answer), int> Answers = new();
    private static readonly ConcurrentBag<double> NormalLatencies = [];
    private static readonly ConcurrentBag<string> Recorded = [];

    public static async Task<int> RunAsync(string[] args)
    {
        var aegis = Path.GetFullPath(args[0]);
        var work = Path.GetFullPath(args[1]);
        var minutes = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var storage = new StorageOptions(Path.Combine(work, "data"), args.Length > 3 ? args[3] : null);
        Directory.CreateDirectory(work);

        string key;
        await using (var store = await BankStore.OpenAsync(storage))
        {
            key = (await new ApiKeyStore(store).CreateAsync("soak-" + Guid.NewGuid().ToString("N")[..8], ApiKeyRole.Admin)).Secret;
        }

        Console.WriteLine("making the media (benign pictures; the bomb is a flat 9000×9000 PNG)…");
        var normals = Enumerable.Range(0, 48).Select(i => Encode(SyntheticImage.Rgba(800, 600, i), 800, 600, i % 4 == 0 ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg)).ToArray();
        var bomb = FlatPng(9000, 9000);
        var gzipBomb = GzipOfZeros(500L * 1024 * 1024);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bomb PNG {bomb.Length / 1024} KB; gzip bomb {gzipBomb.Length / 1024} KB inflating to 500 MB"));

        using var hostile = new HostileHost(gzipBomb);
        var port = 19000 + Random.Shared.Next(1000);
        using var server = StartServer(aegis, storage, port);
        var pid = server.Id;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(2), // a request unanswered after 2 minutes is counted as "no answer"
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await WaitReadyAsync(http, server);
        var startRss = Rss(pid);

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var samples = new List<(double Seconds, long Rss)>();
        var clock = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !server.HasExited)
            {
                lock (samples)
                {
                    samples.Add((clock.Elapsed.TotalSeconds, Rss(pid)));
                }

                await Task.Delay(500);
            }
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server pid {pid} ready, RSS {startRss / 1048576} MB; soaking for {minutes} min…"));
        var run = Guid.NewGuid().ToString("N")[..8];
        var workers = new List<Task>();
        for (var c = 0; c < NormalClients; c++)
        {
            var client = c;
            workers.Add(Loop(stop.Token, async n =>
            {
                var id = $"soak-{run}-{client}-{n}";
                var started = Stopwatch.GetTimestamp();
                var status = await PostAsync(http, $"/v1/media?content_id={id}&uploader_id=soak-{client}", normals[(n + client) % normals.Length], "normal");
                NormalLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (status == 200)
                {
                    Recorded.Add(id);
                }
            }));
        }

        for (var c = 0; c < 2; c++)
        {
            var client = c;
            workers.Add(Loop(stop.Token, n => PostAsync(http, $"/v1/media?content_id=bomb-{run}-{client}-{n}", bomb, "bomb png 9000×9000")));
        }

        var junk = BadMedia();
        workers.Add(Loop(stop.Token, n => PostAsync(http, $"/v1/media?content_id=bad-{run}-{n}", junk[n % junk.Length].Bytes, junk[n % junk.Length].Class)));
        workers.Add(Loop(stop.Token, n => BadApiAsync(http, port, run, n)));
        workers.Add(Loop(stop.Token, n =>
        {
            var path = HostileHost.Paths[n % HostileHost.Paths.Length];
            return GetAsync(http, $"/h/hash?url={Uri.EscapeDataString($"http://127.0.0.1:{hostile.Port}/{path}")}", "hma fetch: " + path);
        }));
        workers.Add(Loop(stop.Token, _ => SlowBodyAsync(port, key)));

        await Task.WhenAll(workers);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        await sampler;
        long peakUnderLoad;
        lock (samples)
        {
            peakUnderLoad = samples.Max(s => s.Rss);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load over after {loadSeconds:F0} s; idle for {IdleSeconds} s…"));
        var idleSamples = new List<long>();
        for (var i = 0; i < IdleSeconds && !server.HasExited; i++)
        {
            await Task.Delay(1000);
            idleSamples.Add(Rss(pid));
        }

        var exited = server.HasExited;
        var hwm = exited ? 0 : Status(pid, "VmHWM:");
        var missing = 0;
        foreach (var id in exited ? [] : Recorded)
        {
            using var response = await http.GetAsync($"/v1/contents/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing++;
            }
        }

        if (!exited)
        {
            server.Kill(entireProcessTree: true);
        }

        var sorted = NormalLatencies.Order().ToArray();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {minutes:F0} min | {startRss / 1048576} MB | {peakUnderLoad / 1048576} MB (VmHWM {hwm / 1048576} MB) | {(idleSamples.Count > 0 ? idleSamples[^1] / 1048576 : 0)} MB | {sorted.Length:N0} | {Pct(sorted, 0.5):F0} ms | {Pct(sorted, 0.99):F0} ms | {Recorded.Count:N0} / {missing} | {(exited ? "EXITED" : "never")} |"));
        Console.WriteLine();
        Console.WriteLine("| traffic | answer | count |");
        Console.WriteLine("|---|---|---:|");
        foreach (var ((cls, answer), count) in Answers.OrderBy(a => a.Key.Class, StringComparer.Ordinal).ThenBy(a => a.Key.Answer, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {cls} | {answer} | {count:N0} |"));
        }

        var crashes = Answers.Where(a => a.Key.Answer.StartsWith('5') && a.Key.Answer != "503").Sum(a => a.Value);
        var lost = Answers.Where(a => a.Key.Answer.StartsWith("no answer", StringComparison.Ordinal) && a.Key.Class != "slow body").Sum(a => a.Value);
        return exited || missing > 0 || crashes > 0 || lost > 0 ? 1 : 0;
    }

    private static Task Loop(CancellationToken stop, Func<int, Task> body) => Task.Run(async () =>
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            await body(n);
        }
    });

    private static void Count(string cls, string answer) => Answers.AddOrUpdate((cls, answer), 1, (_, v) => v + 1);

    private static async Task<int> SendAsync(HttpClient http, HttpRequestMessage request, string cls)
    {
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.CopyToAsync(Stream.Null);
            var status = (int)response.StatusCode;
            Count(cls, status == 503 && response.Headers.RetryAfter is null ? "503 without Retry-After" : status.ToString(CultureInfo.InvariantCulture));
            return status;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Count(cls, "no answer: " + e.GetType().Name);
            return 0;
        }
    }

    private static Task<int> PostAsync(HttpClient http, string path, byte[] body, string cls, string type = "application/octet-stream")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return SendAsync(http, new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, cls);
    }

    private static Task<int> GetAsync(HttpClient http, string path, string cls) => SendAsync(http, new HttpRequestMessage(HttpMethod.Get, path), cls);

    /// <summary>Junk calls to the JSON API and the authentication, one kind per turn.</summary>
    private static Task BadApiAsync(HttpClient http, int port, string run, int n)
    {
        switch (n % 8)
        {
            case 0:
                return PostAsync(http, "/v1/lookup", "{\"pdq\": [1, 2"u8.ToArray(), "api: malformed json", "application/json");
            case 1:
                return PostAsync(http, "/v1/lookup", Encoding.UTF8.GetBytes($"{{\"pdq\":\"{new string('0', 64)}\",\"pdq\":\"{new string('f', 64)}\"}}"), "api: duplicate json key", "application/json");
            case 2:
                return PostAsync(http, $"/v1/media?content_id=a%00b-{run}-{n}", [0xFF, 0xD8, 0xFF], "api: content id with NUL");
            case 3:
                // On two recorded items (the first uploads of the first two clients), as the attacker did.
                return PostAsync(http, $"/v1/contents/soak-{run}-{n / 8 % 2}-0/exposure", "{\"views\": 9223372036854775807, \"shares\": 0}"u8.ToArray(), "api: exposure 2^63-1", "application/json");
            case 4:
                return GetAsync(http, "/v1/stats", "api: stats (must stay 200)");
            case 5:
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/v1/stats");
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");
                return SendAsync(http, request, "auth: Basic header");
            }

            case 6:
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/v1/stats");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "aegis_" + Guid.NewGuid().ToString("N"));
                return SendAsync(http, request, "auth: guessed key");
            }

            default:
                return PostAsync(http, "/v1/reports", "{\"content_ids\": \"x\", \"category\": 7}"u8.ToArray(), "api: wrong json types", "application/json");
        }
    }

    /// <summary>An upload whose body comes at 100 bytes a second: the server should close it, not hold it.</summary>
    private static async Task SlowBodyAsync(int port, string key)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                $"POST /v1/media?content_id=slow-{Guid.NewGuid():N} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\nContent-Length: 1000000\r\n\r\n"));
            var chunk = new byte[100];
            for (var i = 0; i < 600; i++)
            {
                await socket.SendAsync(chunk);
                await Task.Delay(1000);
                if (socket.Poll(0, SelectMode.SelectRead))
                {
                    var answer = new byte[512];
                    var read = await socket.ReceiveAsync(answer);
                    var line = Encoding.ASCII.GetString(answer, 0, read).Split('\r')[0];
                    Count("slow body", read == 0 ? "closed by server" : line.Length > 12 ? line[9..12] : line);
                    return;
                }
            }

            Count("slow body", "held 10 min");
        }
        catch (SocketException e)
        {
            Count("slow body", "closed by server (" + e.SocketErrorCode + ")");
        }
    }

    private static (string Class, byte[] Bytes)[] BadMedia()
    {
        var random = new Random(7);
        var noise = new byte[200_000];
        random.NextBytes(noise);
        var jpeg = Encode(SyntheticImage.Rgba(640, 480, 999), 640, 480, SKEncodedImageFormat.Jpeg);
        var hugeHeader = FlatPng(16, 16);
        BitConverter.TryWriteBytes(hugeHeader.AsSpan(16, 4), IPAddress.HostToNetworkOrder(30000)); // width 30000
        BitConverter.TryWriteBytes(hugeHeader.AsSpan(20, 4), IPAddress.HostToNetworkOrder(30000)); // height 30000
        BitConverter.TryWriteBytes(hugeHeader.AsSpan(29, 4), IPAddress.HostToNetworkOrder((int)Crc32(hugeHeader.AsSpan(12, 17)))); // IHDR's CRC
        var video = new byte[64 * 1024];
        random.NextBytes(video);
        "\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2"u8.ToArray().CopyTo(video, 0);
        return
        [
            ("bad media: random bytes", noise),
            ("bad media: truncated jpeg", jpeg[..(jpeg.Length / 3)]),
            ("bad media: png declaring 30000×30000", hugeHeader),
            ("bad media: mp4 header then junk", video),
            ("bad media: empty", []),
        ];
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Encode(byte[] rgba, int width, int height, SKEncodedImageFormat format)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(format, 85);
        return data.ToArray();
    }

    private static byte[] FlatPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(new SKColor(90, 140, 200));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] GzipOfZeros(long length)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < length; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }

    private static Process StartServer(string aegis, StorageOptions storage, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { aegis, "serve", "--urls", $"http://127.0.0.1:{port}", storage.UsesPostgres ? "--postgres" : "--data", storage.UsesPostgres ? storage.PostgresConnectionString! : storage.DataDirectory! })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0";
        start.Environment["AEGIS_HMA__FETCHHOSTS"] = "127.0.0.1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process server)
    {
        while (!server.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("aegis serve exited before it was ready");
    }

    private static long Rss(int pid) => Status(pid, "VmRSS:");

    /// <summary>A line of /proc/PID/status in bytes (the kernel writes kB).</summary>
    private static long Status(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static double Pct(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>A host that serves the HMA fetcher what an attacker would: a gzip bomb, a trickle, a stall, a cut-short body.</summary>
    private sealed class HostileHost : IDisposable
    {
        public static readonly string[] Paths = ["gzip-bomb", "trickle", "stall", "cut-short", "huge"];

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly byte[] _gzipBomb;

        public HostileHost(byte[] gzipBomb)
        {
            _gzipBomb = gzipBomb;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
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

                _ = Task.Run(() => ServeAsync(socket));
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            using (socket)
            {
                try
                {
                    var request = new byte[4096];
                    var read = await socket.ReceiveAsync(request, _stop.Token);
                    var path = Encoding.ASCII.GetString(request, 0, read).Split(' ')[1].TrimStart('/');
                    var ct = _stop.Token;
                    switch (path)
                    {
                        case "gzip-bomb":
                            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Encoding: gzip\r\nContent-Length: {_gzipBomb.Length}\r\nConnection: close\r\n\r\n"), ct);
                            await socket.SendAsync(_gzipBomb, ct);
                            break;
                        case "trickle":
                            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
                            for (var i = 0; i < 100_000; i++)
                            {
                                await socket.SendAsync(new byte[] { 0xFF }, ct);
                                await Task.Delay(1000, ct);
                            }

                            break;
                        case "stall":
                            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
                            await socket.ReceiveAsync(new byte[1], ct); // until the fetcher hangs up
                            break;
                        case "cut-short":
                            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
                            await socket.SendAsync(new byte[1000], ct);
                            break;
                        default: // huge: 2 GB of zeros, as fast as the fetcher takes them
                            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 2147483648\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
                            var block = new byte[1 << 16];
                            for (long sent = 0; sent < 2L << 30; sent += block.Length)
                            {
                                await socket.SendAsync(block, ct);
                            }

                            break;
                    }
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IndexOutOfRangeException)
                {
                }
            }
        }
    }
}
