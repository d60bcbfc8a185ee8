using Aegis.Matching.Video;
using Aegis.Storage.Model;
using Aegis.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Xunit.Abstractions;

namespace Aegis.Storage.Tests;

/// <summary>The storage suite on SQLite, in a temporary data directory.</summary>
public sealed class SqliteBankStoreTests(SqliteDatabase database, ITestOutputHelper output)
    : BankStoreTests(database, output), IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task Creates_the_data_directory_with_the_database_file_inside()
    {
        await using (await BankStore.OpenAsync(database.Options))
        {
        }

        Assert.True(File.Exists(Path.Combine(database.Options.DataDirectory!, StorageOptions.SqliteFileName)));
    }

    [Fact]
    public async Task An_upgrade_gives_banks_made_before_video_rules_the_default_video_rules()
    {
        var directory = Path.Combine(Path.GetTempPath(), "aegis-upgrade-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var options = ContextOptions.Sqlite(ContextOptions.SqliteConnectionString(directory));
            await using (var db = new SqliteAegisDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("Initial");
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO banks (name, pdq_threshold, action, kind, enabled, created_at) VALUES ('old', 31, 'Block', 'Ordinary', 1, '2026-11-01T00:00:00+00:00')");
            }

            await using var store = await BankStore.OpenAsync(new StorageOptions(directory, null));
            var bank = await store.GetBankAsync("old");

            Assert.Equal(VideoMatchThresholds.Default, bank!.Video);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
