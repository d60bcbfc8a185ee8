using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>How each provider's context is configured, at run time and at design time alike.</summary>
internal static class ContextOptions
{
    /// <summary>Seconds a command waits, including waits for another writer's SQLite lock.</summary>
    public const int CommandTimeoutSeconds = 300;

    public static string SqliteConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, StorageOptions.SqliteFileName),
        Pooling = true,
        DefaultTimeout = CommandTimeoutSeconds,
    }.ToString();

    public static DbContextOptions<SqliteAegisDbContext> Sqlite(string connectionString) =>
        new DbContextOptionsBuilder<SqliteAegisDbContext>()
            .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(CommandTimeoutSeconds))
            .AddInterceptors(SqlitePragmas.Instance)
            .Options;

    public static DbContextOptions<PostgresAegisDbContext> Postgres(string connectionString) =>
        new DbContextOptionsBuilder<PostgresAegisDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(CommandTimeoutSeconds))
            .Options;
}
