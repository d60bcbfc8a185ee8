using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Aegis.Cli.Tests;

/// <summary>
/// <c>aegis serve</c> as a real process (<c>dotnet aegis.dll</c>, what <c>./aegis</c> execs), to stop it with a signal
/// as a user does. It is never left running: disposing kills it if it still runs, however the test ended.
/// </summary>
internal sealed class ServeChild : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ServeChild(Process process) => _process = process;

    /// <summary>Its process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything it wrote to stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Everything it wrote to stderr so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>aegis serve</c> with <paramref name="args"/> (after <c>serve</c>).</summary>
    public static ServeChild Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aegis.dll"));
        start.ArgumentList.Add("serve");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var child = new ServeChild(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, e) => Append(child._output, e.Data);
        child._process.ErrorDataReceived += (_, e) => Append(child._error, e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for its "listening on" line (or its exit, which fails the wait), and returns that line.</summary>
    public async Task<string> ReadyLineAsync()
    {
        string? line = null;
        await Waits.UntilAsync(
            () =>
            {
                line = Output.Split('\n').FirstOrDefault(l => l.StartsWith("aegis serve: listening on ", StringComparison.Ordinal));
                return line is not null || _process.HasExited;
            },
            "aegis serve to print that it listens",
            () => $"stdout: {Output} stderr: {Error}");
        return line ?? throw new InvalidOperationException($"aegis serve exited ({_process.ExitCode}) before it listened: {Output} {Error}");
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, INT) to the process id it printed, with <c>kill</c> as a user would.</summary>
    public static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for it to exit and for the last of its output.</summary>
    /// <exception cref="TimeoutException">It was still running after <see cref="Waits.HangGuard"/>.</exception>
    public async Task WaitForExitAsync()
    {
        using var guard = new CancellationTokenSource(Waits.HangGuard);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(Waits.Never("aegis serve to exit after the signal") + $" stdout: {Output} stderr: {Error}");
        }

        _process.WaitForExit(); // the last of its redirected output read too
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (to)
        {
            to.Append(line).Append('\n');
        }
    }
}
