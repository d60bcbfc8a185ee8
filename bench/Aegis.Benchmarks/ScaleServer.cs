using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Aegis.Storage;

namespace Aegis.Benchmarks;

/// <summary>
/// One real <c>aegis serve</c> process for <c>content-scale</c>: started with the clock running, its output kept in a log
/// file, its readiness polled, its memory read from /proc, stopped by SIGTERM (an orderly stop: snapshots are written).
/// It is killed if still running when disposed, and when this benchmark exits or is interrupted.
/// </summary>
internal sealed class ScaleServer : IAsyncDisposable
{
    private static readonly List<Process> Running = [];

    private readonly Process _process;
    private readonly Stopwatch _clock;
    private readonly StreamWriter _log;

    static ScaleServer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private ScaleServer(Process process, Stopwatch clock, StreamWriter log, HttpClient http)
    {
        _process = process;
        _clock = clock;
        _log = log;
        Http = http;
    }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public static ScaleServer Start(string aegis, StorageOptions storage, string snapshots, int port, string key, string logFile)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { aegis, "serve", "--urls", $"http://127.0.0.1:{port}", storage.UsesPostgres ? "--postgres" : "--data", storage.UsesPostgres ? storage.PostgresConnectionString! : storage.DataDirectory! })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0";
        start.Environment["AEGIS_CONTENTINDEX__DIRECTORY"] = snapshots;
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        log.WriteLine($"{DateTime.Now:HH:mm:ss.fff} starting aegis serve");
        var process = Process.Start(start)!;
        lock (Running)
        {
            Running.Add(process);
        }

        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new ScaleServer(process, clock, log, http);
    }

    /// <summary>Seconds from process start to <c>/readyz</c> 200 and to <c>content_index.state == "current"</c>, and the items it then holds.</summary>
    public async Task<(double Ready, double Current, long Items)> WaitCurrentAsync(TimeSpan limit)
    {
        double? ready = null;
        while (_clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"aegis serve exited with code {_process.ExitCode}; see its log.");
            }

            try
            {
                using var response = await Http.GetAsync("/readyz");
                var at = _clock.Elapsed.TotalSeconds;
                if (response.IsSuccessStatusCode)
                {
                    ready ??= at;
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var content = body.RootElement.GetProperty("content_index");
                    if (content.GetProperty("state").GetString() == "current")
                    {
                        return (ready.Value, at, content.GetProperty("items").GetInt64());
                    }
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"aegis serve was not current within {limit}.");
    }

    /// <summary>
    /// Waits until the server has used less than <paramref name="share"/> of one core over <paramref name="window"/> (its
    /// background work — segment builds and merges — is done; the pollers alone use about 1–3%); returns the seconds since
    /// process start at the end of that quiet window.
    /// </summary>
    public async Task<double> WaitIdleAsync(TimeSpan window, double share, TimeSpan limit)
    {
        var cpu = CpuSeconds();
        while (true)
        {
            await Task.Delay(window);
            var now = CpuSeconds();
            if (now - cpu < share * window.TotalSeconds || _clock.Elapsed > limit)
            {
                return _clock.Elapsed.TotalSeconds;
            }

            cpu = now;
        }
    }

    /// <summary>CPU seconds the process has used (user + system, from /proc/PID/stat; the kernel counts 100 ticks a second).</summary>
    private double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>SIGTERM, then waits for the exit; returns the seconds the orderly stop took.</summary>
    public async Task<double> StopAsync()
    {
        var watch = Stopwatch.StartNew();
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await _process.WaitForExitAsync(guard.Token);
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Resident memory now (bytes), with the part that maps snapshot files (<c>.cix</c>) and their mapped size.</summary>
    public ScaleMemory Memory()
    {
        long Field(string name)
        {
            var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
            return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }

        long cixRss = 0, cixSize = 0;
        var inCix = false;
        foreach (var line in File.ReadLines($"/proc/{Pid}/smaps"))
        {
            var first = line.Split(' ', 2)[0];
            if (first.Contains('-', StringComparison.Ordinal) && !first.EndsWith(':'))
            {
                inCix = line.Contains(".cix", StringComparison.Ordinal);
            }
            else if (inCix && (first == "Rss:" || first == "Size:"))
            {
                var kb = long.Parse(line[first.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                if (first == "Rss:")
                {
                    cixRss += kb;
                }
                else
                {
                    cixSize += kb;
                }
            }
        }

        return new ScaleMemory(Field("VmRSS:"), Field("RssAnon:"), Field("RssFile:"), cixRss, cixSize, Field("VmHWM:"));
    }

    /// <summary>
    /// The GC's figures after its last collection (bytes): committed, and the heap's size (live objects and garbage not yet
    /// collected), read with <c>dotnet-counters</c> when it is installed (else null).
    /// </summary>
    public async Task<(long Committed, long Heap)?> GcAsync()
    {
        var tool = new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-counters") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet-counters")))
            .FirstOrDefault(File.Exists);
        if (tool is null)
        {
            return null;
        }

        var output = Path.Combine(Path.GetTempPath(), $"scale-counters-{Pid}.json");
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "collect", "-p", Pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime", "--format", "json", "--duration", "00:00:00:03", "-o", output })
        {
            start.ArgumentList.Add(a);
        }

        using (var counters = Process.Start(start)!)
        {
            await counters.StandardOutput.ReadToEndAsync();
            await counters.WaitForExitAsync();
        }

        try
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            long committed = 0;
            var heap = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var e in json.RootElement.GetProperty("Events").EnumerateArray())
            {
                var name = e.GetProperty("name").GetString()!;
                var value = (long)e.GetProperty("value").GetDouble();
                if (name.StartsWith("dotnet.gc.last_collection.memory.committed_size", StringComparison.Ordinal))
                {
                    committed = value;
                }
                else if (name.StartsWith("dotnet.gc.last_collection.heap.size", StringComparison.Ordinal))
                {
                    heap[e.GetProperty("tags").GetString() ?? ""] = value;
                }
            }

            return (committed, heap.Values.Sum());
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return null;
        }
        finally
        {
            File.Delete(output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        lock (Running)
        {
            Running.Remove(_process);
        }

        Http.Dispose();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static void KillAll()
    {
        lock (Running)
        {
            foreach (var process in Running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
            }
        }
    }
}

/// <summary>
/// Resident memory of a server (bytes): all, anonymous, file-backed, of the file-backed the snapshot pages, the snapshot
/// files mapped, and the peak resident since the process started (VmHWM).
/// </summary>
internal readonly record struct ScaleMemory(long Rss, long Anon, long File, long SnapshotRss, long SnapshotMapped, long Peak)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"RSS {Rss / 1e6:N0} MB (anon {Anon / 1e6:N0}, file {File / 1e6:N0} of which snapshot pages {SnapshotRss / 1e6:N0}; snapshot mapped {SnapshotMapped / 1e6:N0} MB; peak so far {Peak / 1e6:N0} MB)");
}
