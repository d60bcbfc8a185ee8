using Aegis.Storage;
using Microsoft.Data.Sqlite;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis audit verify</c> and <c>aegis audit list</c> on a SQLite store, intact and edited behind Aegis's back.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-audit-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Verify_passes_an_intact_log_and_names_the_entry_someone_edited()
    {
        var entries = await AppendAsync(5);

        var intact = await CliRun.InProcessAsync("audit", "verify", "--data", Data);
        await ExecuteAsync("UPDATE audit_log SET data = '{\"decision\":\"dismiss\"}' WHERE sequence = 3");
        var broken = await CliRun.InProcessAsync("audit", "verify", "--data", Data);

        Assert.Equal(AegisCli.Success, intact.ExitCode);
        Assert.Equal($"audit log intact: 5 entries, last hash {entries[^1].Hash}", Assert.Single(intact.Lines));
        Assert.Equal(AegisCli.SomeFailed, broken.ExitCode);
        Assert.Equal("audit log BROKEN at entry 3: entry 3 was edited: its hash does not match its contents", broken.Error.Trim());
    }

    [Fact]
    public async Task Verify_names_the_entry_after_a_deleted_one_and_an_anchor_finds_the_newest_entries_deleted()
    {
        var entries = await AppendAsync(4);
        var anchor = entries[^1].Hash;

        var anchored = await CliRun.InProcessAsync("audit", "verify", "--data", Data, "--anchor", anchor);
        await ExecuteAsync("DELETE FROM audit_log WHERE sequence = 4");
        var truncated = await CliRun.InProcessAsync("audit", "verify", "--data", Data);
        var truncatedAnchored = await CliRun.InProcessAsync("audit", "verify", "--data", Data, "--anchor", anchor);
        await ExecuteAsync("DELETE FROM audit_log WHERE sequence = 2");
        var deleted = await CliRun.InProcessAsync("audit", "verify", "--data", Data);
        var badAnchor = await CliRun.InProcessAsync("audit", "verify", "--data", Data, "--anchor", "xyz");

        Assert.Equal((0, $"audit log intact: 4 entries, last hash {anchor}, anchor found"), (anchored.ExitCode, anchored.Output.Trim()));
        Assert.Equal((0, $"audit log intact: 3 entries, last hash {entries[2].Hash}"), (truncated.ExitCode, truncated.Output.Trim()));
        Assert.Equal(1, truncatedAnchored.ExitCode);
        Assert.StartsWith($"audit log BROKEN: no entry has the anchor hash {anchor}", truncatedAnchored.Error, StringComparison.Ordinal);
        Assert.Equal(1, deleted.ExitCode);
        Assert.StartsWith("audit log BROKEN at entry 3: the entry before 3 is missing or was changed", deleted.Error, StringComparison.Ordinal);
        Assert.Equal(AegisCli.UsageError, badAnchor.ExitCode);
        Assert.Contains("64 hex digits", badAnchor.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_prints_one_tab_separated_line_per_entry_from_after_up_to_limit()
    {
        var entries = await AppendAsync(5);

        var all = await CliRun.InProcessAsync("audit", "list", "--data", Data);
        var page = await CliRun.InProcessAsync("audit", "list", "--data", Data, "--after", "2", "--limit", "2");
        var empty = await CliRun.InProcessAsync("audit", "verify", "--data", Path.Combine(_dir, "empty"));
        var badLimit = await CliRun.InProcessAsync("audit", "list", "--data", Data, "--limit", "0");

        Assert.Equal(5, all.Lines.Length);
        Assert.Equal(
            ["1", AuditLog.FormatTime(entries[0].At), "senior-ben", "case.decided", "case:1", "{\"decision\": \"confirm\"}"],
            all.Lines[0].Split('\t'));
        Assert.Equal(["3", "4"], page.Lines.Select(l => l.Split('\t')[0]));
        Assert.Equal((0, "audit log intact: 0 entries, last hash none (the log is empty)"), (empty.ExitCode, empty.Output.Trim()));
        Assert.Equal(AegisCli.UsageError, badLimit.ExitCode);
    }

    private async Task<List<AuditEntry>> AppendAsync(int count)
    {
        var entries = new List<AuditEntry>();
        await using var store = await BankStore.OpenAsync(new StorageOptions(Data, null));
        var log = new AuditLog(store);
        for (var i = 1; i <= count; i++)
        {
            // Pretty-printed data is listed on one line.
            entries.Add(await log.AppendAsync("senior-ben", "case.decided", $"case:{i}", "{\"decision\":\n\"confirm\"}"));
        }

        return entries;
    }

    /// <summary>Changes the database behind Aegis's back.</summary>
    private async Task ExecuteAsync(string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Data, StorageOptions.SqliteFileName)}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
