using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Aegis.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Aegis.Benchmarks;

/// <summary>
/// Fills <c>contents</c> directly, as fast as the database takes it: the table's secondary indexes are dropped, rows go
/// in one transaction per batch of 100K (SQLite: one prepared INSERT; PostgreSQL: binary COPY), and the indexes are
/// built again from their own definitions at the end (a sort, not 10M random B-tree inserts). The partitions' checkpoint
/// is then set to the last row, as a server that had recorded those rows itself would have left it (and as the first
/// server start on a table that never had partitions sets it).
/// </summary>
internal static class ScaleFill
{
    private const int Batch = 100_000;

    public static async Task FillAsync(StorageOptions storage, ScaleWorkload workload)
    {
        var watch = Stopwatch.StartNew();
        if (storage.UsesPostgres)
        {
            await using var connection = new NpgsqlConnection(storage.PostgresConnectionString);
            await connection.OpenAsync();
            await FillPostgresAsync(connection, workload);
        }
        else
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(storage.DataDirectory!, StorageOptions.SqliteFileName),
                Pooling = false,
                DefaultTimeout = 600,
            }.ToString());
            await connection.OpenAsync();
            await FillSqliteAsync(connection, workload);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filled {workload.Total:N0} rows in {watch.Elapsed.TotalSeconds:F0} s"));
    }

    private static async Task FillSqliteAsync(SqliteConnection connection, ScaleWorkload workload)
    {
        await ExecAsync(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY;");
        var indexes = await IndexesAsync(connection, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contents' AND sql IS NOT NULL");
        foreach (var (name, _) in indexes)
        {
            await ExecAsync(connection, $"DROP INDEX \"{name}\"");
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO contents (content_id, kind, pdq, md5, sha256, verdict, recorded_at, bank_sequence, status, views, shares)
            VALUES ($id, 'Hashes', $pdq, $md5, $sha, 'Allow', $at, 0, 'Visible', 0, 0)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var pdq = insert.Parameters.Add("$pdq", SqliteType.Text);
        var md5 = insert.Parameters.Add("$md5", SqliteType.Text);
        var sha = insert.Parameters.Add("$sha", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var random = new Random(1);
        var scratch = new byte[80];
        for (long start = 0; start < workload.Total; start += Batch)
        {
            await using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            at.Value = DateTimeOffset.UtcNow; // bound as EF Core stores it ("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz")
            for (var i = start; i < Math.Min(workload.Total, start + Batch); i++)
            {
                (id.Value, pdq.Value, md5.Value, sha.Value) = workload.Row(i, random, scratch);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            Progress(start + Batch, workload.Total);
        }

        await RebuildIndexesAsync(connection, indexes);
        await ExecAsync(connection, """
            UPDATE content_partitions SET matched_position = (SELECT max(id) FROM contents),
                matched_sequence = (SELECT coalesce(max(sequence), 0) FROM bank_changes);
            PRAGMA wal_checkpoint(TRUNCATE);
            """);
    }

    private static async Task FillPostgresAsync(NpgsqlConnection connection, ScaleWorkload workload)
    {
        await ExecAsync(connection, "SET synchronous_commit = off; SET maintenance_work_mem = '1GB'");
        var indexes = await IndexesAsync(connection, "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contents' AND indexname <> 'PK_contents'");
        foreach (var (name, _) in indexes)
        {
            await ExecAsync(connection, $"DROP INDEX \"{name}\"");
        }

        var random = new Random(1);
        var scratch = new byte[80];
        for (long start = 0; start < workload.Total; start += Batch)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var now = DateTimeOffset.UtcNow;
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY contents (content_id, kind, pdq, md5, sha256, verdict, recorded_at, bank_sequence, status, views, shares) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = start; i < Math.Min(workload.Total, start + Batch); i++)
                {
                    var (id, pdq, md5, sha) = workload.Row(i, random, scratch);
                    await copy.StartRowAsync();
                    await copy.WriteAsync(id, NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Hashes", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(pdq, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(md5, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(sha, NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Allow", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                    await copy.WriteAsync("Visible", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                }

                await copy.CompleteAsync();
            }

            await transaction.CommitAsync();
            Progress(start + Batch, workload.Total);
        }

        await RebuildIndexesAsync(connection, indexes);
        await ExecAsync(connection, """
            UPDATE content_partitions SET matched_position = (SELECT max(id) FROM contents),
                matched_sequence = (SELECT coalesce(max(sequence), 0) FROM bank_changes);
            ANALYZE contents;
            """);
    }

    /// <summary>Rows in <c>contents</c>.</summary>
    public static async Task<long> CountAsync(StorageOptions storage)
    {
        await using var store = await BankStore.OpenAsync(storage);
        return await new ContentStore(store).LatestRowAsync();
    }

    private static async Task RebuildIndexesAsync(DbConnection connection, List<(string Name, string Sql)> indexes)
    {
        foreach (var (name, sql) in indexes)
        {
            var watch = Stopwatch.StartNew();
            await ExecAsync(connection, sql);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  index {name} built in {watch.Elapsed.TotalSeconds:F0} s"));
        }
    }

    private static async Task<List<(string Name, string Sql)>> IndexesAsync(DbConnection connection, string query)
    {
        var indexes = new List<(string, string)>();
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    private static async Task ExecAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 3600;
        await command.ExecuteNonQueryAsync();
    }

    private static void Progress(long done, long total)
    {
        if (done % 1_000_000 == 0 || done >= total)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Math.Min(done, total):N0} rows"));
        }
    }
}
