using System.Globalization;
using System.Text.RegularExpressions;

namespace Aegis.Cli.Tests;

/// <summary>
/// How <c>aegis serve</c> starts and stops as a real process: the line saying where it listens and its PID, a plain
/// <c>kill</c> or Ctrl-C stopping it cleanly, and a taken port said in one line.
/// </summary>
public sealed partial class ServeLifecycleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-lifecycle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("TERM")] // a plain `kill PID`, a service manager's stop
    [InlineData("INT")] // Ctrl-C
    public async Task A_signal_to_the_printed_pid_stops_the_server_cleanly_with_exit_code_0(string signal)
    {
        using var server = ServeChild.Start("--urls", "http://127.0.0.1:0", "--data", Path.Combine(_dir, "data"));
        var ready = await server.ReadyLineAsync();
        var said = ReadyLine().Match(ready);
        Assert.True(said.Success, $"The ready line says the URL and PID: {ready}");
        var pid = int.Parse(said.Groups["pid"].Value, CultureInfo.InvariantCulture);
        Assert.Equal(server.Id, pid);
        using (var client = new HttpClient { Timeout = Waits.HangGuard })
        {
            Assert.Equal("ok", await client.GetStringAsync(new Uri(new Uri(said.Groups["url"].Value), "/healthz")));
        }

        await ServeChild.SignalAsync(signal, pid);
        await server.WaitForExitAsync();

        Assert.Equal(0, server.ExitCode);
        Assert.Equal("aegis serve: stopped", server.Output.TrimEnd('\n').Split('\n')[^1]);
        Assert.Equal("", server.Error);
        AssertNoCrashReport(server.Output);
    }

    [Fact]
    public async Task A_taken_port_is_one_line_on_stderr_naming_the_address_and_what_to_do()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var run = await CliRun.ProcessAsync("serve", "--urls", $"http://127.0.0.1:{port}", "--data", Path.Combine(_dir, "data"));

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"aegis serve: 127.0.0.1:{port} is in use by another program; stop it or pass --urls http://127.0.0.1:{port + 1}", line);
        AssertNoCrashReport(run.Output);
        Assert.DoesNotContain("listening on", run.Output);
    }

    [Fact]
    public async Task An_address_that_is_not_this_machines_is_one_line_on_stderr()
    {
        // TEST-NET-1 (RFC 5737): documentation addresses, never assigned to a machine.
        var run = await CliRun.ProcessAsync("serve", "--urls", "http://192.0.2.1:8080", "--data", Path.Combine(_dir, "data"));

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        Assert.StartsWith("aegis serve: cannot listen on http://192.0.2.1:8080: ", // then the system's reason
            Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        AssertNoCrashReport(run.Output);
    }

    [Fact]
    public async Task A_bad_setting_is_one_line_on_stderr()
    {
        var run = await CliRun.ProcessAsync("serve", "--urls", "ftp://nowhere", "--data", Path.Combine(_dir, "data"));

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        Assert.StartsWith("aegis serve: cannot start: ", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        AssertNoCrashReport(run.Output + run.Error);
    }

    /// <summary>No stack trace, no exception's type name, no host or worker failure logged.</summary>
    private static void AssertNoCrashReport(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("fail:", text);
        Assert.DoesNotContain("BackgroundService", text);
    }

    [GeneratedRegex(@"^aegis serve: listening on (?<url>http://\S+) \(PID (?<pid>\d+); stop with Ctrl-C or kill \k<pid>\)$")]
    private static partial Regex ReadyLine();
}
