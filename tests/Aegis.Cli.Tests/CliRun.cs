namespace Aegis.Cli.Tests;

/// <summary>
/// Runs <c>aegis</c> in-process (fast) or as a real process (exit codes and streams as a user sees them). Neither is left
/// running: a run past <see cref="Waits.HangGuard"/> (a <c>serve</c> that started when it should have refused) is
/// cancelled or killed, and the test fails saying so.
/// </summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<CliRun> InProcessAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var guard = new CancellationTokenSource(Waits.HangGuard);
        var code = -1;
        try
        {
            code = await AegisCli.RunAsync(args, output, error, guard.Token);
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            // Said below, with what it wrote.
        }

        if (guard.IsCancellationRequested)
        {
            throw new TimeoutException($"{Waits.Never($"`aegis {string.Join(' ', args)}` to finish")} It was cancelled. Its error output: {error}");
        }

        return new CliRun(code, output.ToString().Replace("\r", "", StringComparison.Ordinal), error.ToString());
    }

    public static async Task<CliRun> ProcessAsync(params string[] args)
    {
        var run = await ChildProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "aegis.dll"), .. args]);
        return new CliRun(run.ExitCode, run.Output, run.Error);
    }

    public static string Data(string relative) => Path.Combine(AppContext.BaseDirectory, "data", "pdq", relative);
}
