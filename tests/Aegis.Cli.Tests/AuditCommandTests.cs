using Aegis.Storage;
using Microsoft.Data.Sqlite;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis audit verify</c> on an intact log and on one edited behind Aegis's back.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-audit-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Verify_passes_an_intact_log_and_names_the_entry_someone_edited()
    {
        var data = Path.Combine(_dir, "data");
        await using (var store = await BankStore.OpenAsync(new StorageOptions(data, null)))
        {
            var log = new AuditLog(store);
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync("senior-ben", "case.decided", $"case:{i}", """{"decision":"confirm_csam"}""");
            }
        }

        var intact = await CliRun.InProcessAsync("audit", "verify", "--data", data);
        var list = await CliRun.InProcessAsync("audit", "list", "--data", data);
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, StorageOptions.SqliteFileName)}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit_log SET data = '{\"decision\":\"dismiss\"}' WHERE sequence = 3";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var broken = await CliRun.InProcessAsync("audit", "verify", "--data", data);

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("intact: 5 entries, last hash", intact.Output);
        Assert.Equal(5, list.Lines.Length);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("BROKEN at entry 3", broken.Error);
    }
}
