using System.Security.Cryptography;
using System.Text;
using Aegis.Storage;
using Microsoft.Data.Sqlite;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis exchange</c> on a SQLite store: add, credentials from standard input, show, disable, fetch, remove.</summary>
public sealed class ExchangeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-exchange-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Configures_an_exchange_with_credentials_from_standard_input_that_are_never_printed_or_stored_in_the_clear()
    {
        var secret = $"cli-token-{Guid.NewGuid():N}";
        var config = Path.Combine(_dir, "aegis.json");
        var settings = new { Evidence = new { Keys = new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } } };
        await File.WriteAllTextAsync(config, System.Text.Json.JsonSerializer.Serialize(settings));
        await CliRun.InProcessAsync("bank", "create", "cli-bank", "--data", Data);

        var added = await CliRun.InProcessAsync("exchange", "add", "cli-list", "--api", "file", "--bank", "cli-bank", "--settings", """{"url": "https://example.org/list.txt"}""", "--schedule", "30", "--data", Data);
        var badApi = await CliRun.InProcessAsync("exchange", "add", "other", "--api", "nope", "--bank", "cli-bank", "--data", Data);
        var badSettings = await CliRun.InProcessAsync("exchange", "add", "other", "--api", "file", "--bank", "cli-bank", "--settings", """{"url": "ftp://x"}""", "--data", Data);
        var noKey = await WithStdinAsync($$"""{"bearer_token": "{{secret}}"}""", "exchange", "credentials", "cli-list", "--data", Data);
        var credentials = await WithStdinAsync($$"""{"bearer_token": "{{secret}}"}""", "exchange", "credentials", "cli-list", "--data", Data, "--config", config);
        var disabled = await CliRun.InProcessAsync("exchange", "disable", "cli-list", "--data", Data);
        var fetch = await CliRun.InProcessAsync("exchange", "fetch", "cli-list", "--data", Data);
        var shown = await CliRun.InProcessAsync("exchange", "show", "cli-list", "--data", Data);
        var listed = await CliRun.InProcessAsync("exchange", "list", "--data", Data);

        Assert.Equal(AegisCli.Success, added.ExitCode);
        Assert.Equal((AegisCli.UsageError, AegisCli.UsageError), (badApi.ExitCode, badSettings.ExitCode));
        Assert.Contains("api: 'nope'", badApi.Error, StringComparison.Ordinal);
        Assert.Contains("settings.url", badSettings.Error, StringComparison.Ordinal);
        Assert.Equal(AegisCli.UsageError, noKey.ExitCode); // no key ring: nothing to seal with, so nothing stored
        Assert.Contains("evidence key", noKey.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(AegisCli.Success, credentials.ExitCode);
        Assert.Equal(AegisCli.Success, disabled.ExitCode);
        Assert.Equal(AegisCli.UsageError, fetch.ExitCode); // disabled: enable it first
        Assert.Contains("credentials:  set", shown.Output, StringComparison.Ordinal);
        Assert.Contains("every 30 min", shown.Output, StringComparison.Ordinal);
        Assert.Contains("cli-list", listed.Output, StringComparison.Ordinal);
        foreach (var run in new[] { added, credentials, shown, listed })
        {
            Assert.DoesNotContain(secret, run.Output + run.Error, StringComparison.Ordinal);
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Data, "aegis.db*"))
        {
            Assert.True((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{file} holds the token");
        }

        await using var store = await BankStore.OpenAsync(new StorageOptions(Data, null));
        Assert.True((await new ExchangeStore(store).GetAsync("cli-list"))!.HasCredentials);
        var removed = await CliRun.InProcessAsync("exchange", "remove", "cli-list", "--data", Data);
        Assert.Equal(AegisCli.Success, removed.ExitCode);
        Assert.Null(await new ExchangeStore(store).GetAsync("cli-list"));
    }

    private static async Task<CliRun> WithStdinAsync(string input, params string[] args)
    {
        var before = Console.In;
        try
        {
            Console.SetIn(new StringReader(input));
            return await CliRun.InProcessAsync(args);
        }
        finally
        {
            Console.SetIn(before);
        }
    }
}
