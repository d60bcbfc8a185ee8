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

    /// <summary>Statements Npgsql prepares on each connection once used twice, unless the connection string says otherwise.</summary>
    public const int AutoPrepared = 128;

    public static DbContextOptions<PostgresAegisDbContext> Postgres(string connectionString) =>
        new DbContextOptionsBuilder<PostgresAegisDbContext>()
            .UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.CommandTimeout(CommandTimeoutSeconds))
            .Options;

    /// <summary>
    /// Every write of the case workflow is a handful of short statements; prepared once per connection, PostgreSQL
    /// skips parsing and planning them on every call.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Max Auto Prepare") && !builder.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = AutoPrepared;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
