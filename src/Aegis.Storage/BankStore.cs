using System.Data.Common;
using Aegis.Storage.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aegis.Storage;

/// <summary>
/// Banks, their entries and the bank change feed, in SQLite (embedded) or PostgreSQL. Thread-safe: every call uses its
/// own context and connection, and nothing is guarded by an in-process lock, so any number of stores, in any number of
/// processes, may share one database.
/// </summary>
public sealed partial class BankStore : IAsyncDisposable
{
    /// <summary>Rows read per query when streaming entries or changes (keyset pages: no long transaction, little memory).</summary>
    private const int PageSize = 10_000;

    /// <summary>
    /// The most an entry's notes and metadata may hold, in characters of JSON: room for HMA's note (255 characters), a
    /// content URI and a modest <c>json</c> object, and no more, since every read of the entry row carries it.
    /// </summary>
    public const int MaxEntryMetadataLength = 16 * 1024;

    private readonly Func<AegisDbContext> _createContext;
    private readonly string? _sqliteConnectionString;
    private readonly string? _postgresConnectionString;
    private readonly TimeProvider _time;
    private readonly Core.Events.WebhookPagingOptions _webhooks;

    private BankStore(
        Func<AegisDbContext> createContext, string? sqliteConnectionString, string? postgresConnectionString, TimeProvider time, Core.Events.WebhookPagingOptions webhooks)
    {
        _createContext = createContext;
        _sqliteConnectionString = sqliteConnectionString;
        _postgresConnectionString = postgresConnectionString;
        _time = time;
        _webhooks = webhooks;
    }

    /// <summary>True when the store is PostgreSQL, false for SQLite.</summary>
    public bool IsPostgres => _sqliteConnectionString is null;

    /// <summary>
    /// Opens the store: creates the SQLite data directory if missing, then applies any pending migrations (safe to run
    /// from several nodes at once: EF takes a migration lock).
    /// </summary>
    /// <param name="options">Which database.</param>
    /// <param name="timeProvider">The clock for creation and change times; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    public static async Task<BankStore> OpenAsync(
        StorageOptions options, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = timeProvider ?? TimeProvider.System;
        BankStore store;
        if (options.UsesPostgres)
        {
            var contextOptions = ContextOptions.Postgres(options.PostgresConnectionString!);
            store = new BankStore(() => new PostgresAegisDbContext(contextOptions), null, options.PostgresConnectionString, time, options.Webhooks);
        }
        else
        {
            var directory = Path.GetFullPath(
                string.IsNullOrWhiteSpace(options.DataDirectory) ? StorageOptions.DefaultDataDirectory : options.DataDirectory);
            Directory.CreateDirectory(directory);
            var connectionString = ContextOptions.SqliteConnectionString(directory);
            var contextOptions = ContextOptions.Sqlite(connectionString);
            store = new BankStore(() => new SqliteAegisDbContext(contextOptions), connectionString, null, time, options.Webhooks);
        }

        await using var db = store._createContext();
        await db.Database.MigrateAsync(cancellationToken);
        if (!store.IsPostgres)
        {
            // WAL is a property of the database file: readers never block the writer, and commits are cheap.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        return store;
    }

    /// <summary>Releases pooled SQLite connections (so the database file is closed); PostgreSQL pools are shared and kept.</summary>
    public ValueTask DisposeAsync()
    {
        if (_sqliteConnectionString is not null)
        {
            using var connection = new SqliteConnection(_sqliteConnectionString);
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The store's clock.</summary>
    internal TimeProvider Time => _time;

    /// <summary>
    /// A context of its own. EF's automatic savepoints are off: a failed save inside a caller's transaction rolls the whole
    /// transaction back here anyway (every write retries from the start), and each savepoint is two more round trips.
    /// </summary>
    internal AegisDbContext CreateContext()
    {
        var db = _createContext();
        db.Database.AutoSavepointsEnabled = false;
        db.Webhooks = _webhooks;
        return db;
    }

    /// <summary>
    /// An open connection from the pool the contexts use, without a context: for the hot path, where one plain statement
    /// costs a fraction of a context's setup and <c>SaveChanges</c>. On SQLite it gets the per-connection settings a
    /// context's connection gets (<see cref="SqlitePragmas"/>).
    /// </summary>
    internal async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _sqliteConnectionString is not null
            ? new SqliteConnection(_sqliteConnectionString)
            : new NpgsqlConnection(_postgresConnectionString); // EF uses the same connection string: the same Npgsql pool
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection)
            {
                await SqlitePragmas.ApplyAsync(connection, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A transaction that will write: on SQLite it takes the writer lock at once (BEGIN IMMEDIATE), so two writers that
    /// both read first never collide when upgrading to write (SQLite would refuse one instead of waiting); on PostgreSQL
    /// an ordinary transaction.
    /// </summary>
    internal static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginWriteAsync(AegisDbContext db, CancellationToken cancellationToken)
    {
        if (db is SqliteAegisDbContext)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var sqlite = (SqliteConnection)db.Database.GetDbConnection();
            return (await db.Database.UseTransactionAsync(sqlite.BeginTransaction(deferred: false), cancellationToken))!;
        }

        return await db.Database.BeginTransactionAsync(cancellationToken);
    }

    private static BankStoreException BankNotFound(string name) =>
        new(BankStoreError.NotFound, $"There is no bank named '{name}'.");
}
