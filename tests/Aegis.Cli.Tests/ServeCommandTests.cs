namespace Aegis.Cli.Tests;

/// <summary><c>aegis serve</c> and <c>aegis apikey</c> from the command line.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_bad_setting_stops_the_start_with_a_message_that_names_it()
    {
        var run = await CliRun.InProcessAsync("serve", "--urls", "ftp://nowhere", "--data", Path.Combine(_dir, "data"));

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        Assert.Contains("Urls", run.Error);
        Assert.Contains("ftp://nowhere", run.Error);
    }

    [Fact]
    public async Task A_port_already_taken_stops_the_start_with_a_message()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var run = await CliRun.InProcessAsync("serve", "--urls", $"http://127.0.0.1:{port}", "--data", Path.Combine(_dir, "data"));

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        Assert.Contains($"127.0.0.1:{port} is in use", run.Error);
    }

    [Fact]
    public async Task A_setting_of_the_wrong_type_is_named()
    {
        var config = Path.Combine(_dir, "aegis.json");
        await File.WriteAllTextAsync(config, """{ "MaxRequestBytes": "lots" }""");

        var run = await CliRun.InProcessAsync("serve", "--config", config, "--data", Path.Combine(_dir, "data"));

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        Assert.Equal("aegis serve: cannot start: MaxRequestBytes: 'lots' is not a whole number.", run.Error.TrimEnd('\n', '\r'));
    }

    [Fact]
    public async Task A_settings_file_that_gives_a_key_twice_stops_the_start_naming_the_key()
    {
        var config = Path.Combine(_dir, "aegis.json");
        await File.WriteAllTextAsync(config, """{ "Webhooks": { "Secret": "one", "Secret": "two" } }""");

        var run = await CliRun.InProcessAsync("serve", "--config", config, "--data", Path.Combine(_dir, "data"));

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        Assert.Contains("cannot start", run.Error);
        Assert.Contains("Webhooks:Secret", run.Error);
    }

    [Fact]
    public async Task Api_keys_are_created_listed_and_revoked_and_the_secret_is_printed_once()
    {
        var data = Path.Combine(_dir, "data");

        var created = await CliRun.InProcessAsync("apikey", "create", "uploads", "--role", "platform", "--data", data);
        var listed = await CliRun.InProcessAsync("apikey", "list", "--data", data);
        var revoked = await CliRun.InProcessAsync("apikey", "revoke", "uploads", "--data", data);
        var missing = await CliRun.InProcessAsync("apikey", "revoke", "nobody", "--data", data);

        Assert.Equal(0, created.ExitCode);
        Assert.StartsWith("aegis_", Assert.Single(created.Lines), StringComparison.Ordinal);
        Assert.Contains("uploads", listed.Output);
        Assert.Contains("platform", listed.Output);
        Assert.DoesNotContain(created.Lines[0], listed.Output);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal(AegisCli.UsageError, missing.ExitCode);
    }
}
