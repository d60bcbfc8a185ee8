using System.Diagnostics;

namespace Aegis.Cli.Tests;

/// <summary>Runs <c>aegis</c> in-process (fast) or as a real process (exit codes and streams as a user sees them).</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<CliRun> InProcessAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AegisCli.RunAsync(args, output, error);
        return new CliRun(code, output.ToString().Replace("\r", "", StringComparison.Ordinal), error.ToString());
    }

    public static async Task<CliRun> ProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aegis.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new CliRun(process.ExitCode, await output, await error);
    }

    public static string Data(string relative) => Path.Combine(AppContext.BaseDirectory, "data", "pdq", relative);
}
