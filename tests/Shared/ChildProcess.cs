using System.Diagnostics;

namespace Aegis.Tests;

/// <summary>
/// Runs a program (ffmpeg, the <c>aegis</c> command) to its end, reading its output as it comes (a full pipe would stall
/// it). It is never left running: should it outlive <see cref="Waits.HangGuard"/>, or the wait end any other way, it is
/// killed with its children. Linked into each test project that runs one.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits for it to exit.</summary>
    /// <exception cref="TimeoutException">It was still running after <see cref="Waits.HangGuard"/> (and was killed).</exception>
    public static async Task<ChildProcessResult> RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var guard = new CancellationTokenSource(Waits.HangGuard);
            try
            {
                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(Waits.Never($"`{fileName} {string.Join(' ', start.ArgumentList)}` to exit"));
            }

            return new ChildProcessResult(process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }
}
