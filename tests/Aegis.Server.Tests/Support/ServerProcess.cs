using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aegis.Storage;

namespace Aegis.Server.Tests.Support;

/// <summary>
/// The real <c>aegis serve</c> as a child process, so a test can kill it with SIGKILL and start it again. It is never left
/// running: a start that fails kills it, disposing kills it, and any still alive when the test run exits (however it
/// ends) are killed then. A start that fails says why, with the server's own last lines of output.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>How many of its last lines of output the server keeps for a failure: a stack trace fits, a chatty log is cut.</summary>
    private const int KeptLines = 200;

    /// <summary>Every server started and not yet disposed: killed when the test run exits.</summary>
    private static readonly ConcurrentDictionary<ServerProcess, bool> Live = new();

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private int _disposed;
    private int? _exitCode;

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Port => Address.Port;

    /// <summary>Its process id (<c>/proc/&lt;id&gt;/status</c> has its memory).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Its resident memory now, in bytes (<c>VmRSS</c> of <c>/proc/&lt;id&gt;/status</c>).</summary>
    public long ResidentBytes => Memory("VmRSS");

    /// <summary>Its peak resident memory so far, in bytes (<c>VmHWM</c>).</summary>
    public long PeakResidentBytes => Memory("VmHWM");

    /// <summary>Its last lines of output (stdout and stderr as they came), at most <see cref="KeptLines"/>.</summary>
    public string Output
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join(Environment.NewLine, _lastLines);
            }
        }
    }

    /// <exception cref="InvalidOperationException">It did not become ready: the message has its exit code and output.</exception>
    public static async Task<ServerProcess> StartAsync(StorageOptions storage, IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        var chosen = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aegis.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{chosen}");
        start.ArgumentList.Add(storage.UsesPostgres ? "--postgres" : "--data");
        start.ArgumentList.Add(storage.UsesPostgres ? storage.PostgresConnectionString! : storage.DataDirectory!);
        if (storage.UsesPostgres)
        {
            start.Environment[$"AEGIS_EVIDENCE__KEYS__{TestKeys.EvidenceKeyId}"] = TestKeys.EvidenceKey; // PostgreSQL nodes share a configured key
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var server = new ServerProcess(new Process { StartInfo = start }, new Uri($"http://127.0.0.1:{chosen}"));
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.Start();
        Live[server] = true;
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        Exception? failure = null;
        try
        {
            using var client = new HttpClient { BaseAddress = server.Address };
            await Waits.UntilAsync(() => server.ReadyOrExitedAsync(client), $"aegis serve on {server.Address} to become ready");
            if (!server._process.HasExited)
            {
                return server;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        var running = !server._process.HasExited;
        await server.DisposeAsync(); // kills it if it still runs, and waits for the last of its output
        throw new InvalidOperationException(
            $"aegis serve on {server.Address} did not become ready: " +
            (running ? $"it was still running and has been killed. {failure?.Message}" : $"it exited with code {server._exitCode}.") +
            $"{Environment.NewLine}Its last lines of output (at most {KeptLines}):{Environment.NewLine}{server.Output}",
            failure);
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = Waits.HangGuard };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>SIGTERM: an orderly shutdown (what a service manager does); waits until the process has exited.</summary>
    public async Task StopAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var guard = new CancellationTokenSource(Waits.HangGuard);
        await _process.WaitForExitAsync(guard.Token);
    }

    /// <summary>SIGKILL: no shutdown, nothing flushed.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Kills it if it still runs; it is then gone, whatever happened before. Disposing twice does nothing more.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        if (!_process.HasExited)
        {
            Kill();
        }

        _process.WaitForExit(); // the last of its output read too
        _exitCode = _process.ExitCode;
        _process.Dispose();
        Live.TryRemove(this, out _);
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ReadyOrExitedAsync(HttpClient client)
    {
        if (_process.HasExited)
        {
            return true;
        }

        try
        {
            return (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
    }

    /// <summary>At the test run's exit: kills every server a test left running (a test that failed half-way, a hang).</summary>
    private static void KillAll()
    {
        foreach (var server in Live.Keys)
        {
            try
            {
                server._process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Disposed meanwhile: gone already.
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private long Memory(string field)
    {
        var line = File.ReadLines($"/proc/{ProcessId}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
