using Npgsql;

namespace Aegis.Storage.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database for one test class, created on the server named by <see cref="Variable"/> and dropped
/// afterwards. Without that variable every PostgreSQL test fails (never skips): the suite is only proved when it ran
/// against both providers.
/// </summary>
public sealed class PostgresDatabase : IStoreDatabase, IAsyncLifetime
{
    public const string Variable = "AEGIS_TEST_POSTGRES";

    private string? _server;
    private string? _name;
    private StorageOptions? _options;

    public StorageOptions Options => _options ?? throw new InvalidOperationException("The database is not created yet.");

    public async Task InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL storage tests cannot run. Run ./test.sh: it installs PostgreSQL " +
                $"if needed, starts a throwaway server and sets {Variable} (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\").");
        }

        _name = "aegis_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE {_name}");
        _options = new StorageOptions(null, new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_options is not null)
        {
            using (var connection = new NpgsqlConnection(_options.PostgresConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            await ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
