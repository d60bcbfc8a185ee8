using Aegis.Matching.Formats;
using Npgsql;
using NpgsqlTypes;

namespace Aegis.Storage.Import;

/// <summary>
/// Bulk import on PostgreSQL: per batch of <see cref="BatchSize"/> records, one transaction that binary-COPYs the
/// records into a temporary table, inserts them with <c>ON CONFLICT DO NOTHING</c> (the first of duplicates wins),
/// and writes the change rows for the ids it inserted, under the change-feed lock (see <see cref="ChangeFeed"/>).
/// </summary>
internal static class PostgresImport
{
    public const int BatchSize = 100_000;

    /// <summary>How many new entries make an import refresh the tables' planner statistics.</summary>
    private const long AnalyzeAfter = 10_000;

    private const string CreateStagingSql = """
        CREATE TEMPORARY TABLE aegis_import (
            ord bigint NOT NULL, type text NOT NULL, value text NOT NULL, signal text, list text, external_id text,
            category text, added_at timestamptz NOT NULL, added_by text, enabled boolean NOT NULL) ON COMMIT DROP;
        CREATE TEMPORARY TABLE aegis_import_added (id bigint NOT NULL) ON COMMIT DROP;
        """;

    private const string CopySql =
        "COPY aegis_import (ord, type, value, signal, list, external_id, category, added_at, added_by, enabled) FROM STDIN (FORMAT BINARY)";

    private const string InsertEntriesSql = """
        WITH added AS (
            INSERT INTO bank_entries (bank_id, type, value, signal, list, external_id, category, added_at, added_by, enabled)
            SELECT @bank_id, type, value, signal, list, external_id, category, added_at, added_by, enabled
            FROM aegis_import ORDER BY ord
            ON CONFLICT (bank_id, type, value) DO NOTHING
            RETURNING id)
        INSERT INTO aegis_import_added (id) SELECT id FROM added
        """;

    private const string InsertChangesSql = """
        INSERT INTO bank_changes (bank_id, entry_id, kind, at)
        SELECT @bank_id, id, 'EntryAdded', @at FROM aegis_import_added ORDER BY id
        """;

    public static async Task RunAsync(
        NpgsqlConnection connection,
        int bankId,
        IEnumerable<HashListRecord> records,
        string? addedBy,
        TimeProvider time,
        ImportCounter counter,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var enumerator = records.GetEnumerator();
        var more = true;
        while (more)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, CreateStagingSql, cancellationToken);
            var inBatch = 0;
            await using (var writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken))
            {
                while (inBatch < BatchSize && (more = enumerator.MoveNext()))
                {
                    var record = enumerator.Current ?? throw new ArgumentException("An import record is null.", nameof(records));
                    counter.Read++;
                    inBatch++;
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(counter.Read, NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(HashValues.StoredName(record.Type), NpgsqlDbType.Text, cancellationToken);
                    var (key, signal) = HashValues.Stored(record.Type, HashValues.CanonicalForImport(record, counter.Read));
                    await writer.WriteAsync(key, NpgsqlDbType.Text, cancellationToken);
                    await WriteTextAsync(writer, signal, cancellationToken);
                    await WriteTextAsync(writer, record.List, cancellationToken);
                    await WriteTextAsync(writer, record.ExternalId, cancellationToken);
                    await WriteTextAsync(writer, record.Category, cancellationToken);
                    await writer.WriteAsync((record.AddedAt ?? now).ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                    await WriteTextAsync(writer, record.AddedBy ?? addedBy, cancellationToken);
                    await writer.WriteAsync(record.Enabled, NpgsqlDbType.Boolean, cancellationToken);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            if (inBatch > 0)
            {
                counter.Added += await ExecuteAsync(connection, InsertEntriesSql, cancellationToken, ("bank_id", bankId));
                await ExecuteAsync(connection, ChangeFeed.PostgresLockSql, cancellationToken);
                await ExecuteAsync(connection, InsertChangesSql, cancellationToken, ("bank_id", bankId), ("at", time.GetUtcNow()));
            }

            await transaction.CommitAsync(cancellationToken);
            counter.BatchCommitted();
        }

        if (counter.Added >= AnalyzeAfter)
        {
            // Fresh statistics now, not whenever autovacuum gets to it: with stale ones the planner may sort a whole
            // bank for each page that ReadEntriesAsync reads, instead of walking an index.
            await ExecuteAsync(connection, "ANALYZE bank_entries, bank_changes", cancellationToken);
        }
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter writer, string? text, CancellationToken cancellationToken) =>
        text is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken);

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
