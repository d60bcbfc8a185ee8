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
}
