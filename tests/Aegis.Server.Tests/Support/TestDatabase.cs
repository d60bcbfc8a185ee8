using Aegis.Storage;
using Npgsql;

namespace Aegis.Server.Tests.Support;

/// <summary>
/// A fresh database for one test class: a temporary SQLite directory, or a new database on the PostgreSQL server named
/// by <c>AEGIS_TEST_POSTGRES</c> (started by ./test.sh; without it the PostgreSQL tests fail, never skip).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _server;
    private readonly string? _name;

    private TestDatabase(StorageOptions options, string? directory, string? server, string? name)
    {
        Options = options;
        _directory = directory;
        _server = server;
        _name = name;
    }

    public StorageOptions Options { get; }

    public bool IsPostgres => _server is not null;

    public static TestDatabase Sqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "aegis-server-tests-" + Guid.NewGuid().ToString("N"));
        return new TestDatabase(new StorageOptions(directory, null), directory, null, null);
    }

    public static async Task<TestDatabase> PostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable("AEGIS_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException("AEGIS_TEST_POSTGRES is not set, so the PostgreSQL server tests cannot run; run ./test.sh, which starts a throwaway PostgreSQL.");
        }

        var name = "aegis_server_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        return new TestDatabase(new StorageOptions(null, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString), null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
        else if (_directory is not null && Directory.Exists(_directory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
