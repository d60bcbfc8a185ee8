using Aegis.Matching.Formats;
using Microsoft.Data.Sqlite;

namespace Aegis.Storage.Import;

/// <summary>
/// Bulk import on SQLite, past the change tracker: one IMMEDIATE transaction per <see cref="BatchSize"/> records, one
/// prepared <c>INSERT … ON CONFLICT DO NOTHING</c> reused for every row, and the batch's change rows written in one
/// statement from the ids the batch inserted (SQLite has one writer at a time, and AUTOINCREMENT ids only grow, so
/// they are exactly the ids above the largest before the batch).
/// </summary>
internal static class SqliteImport
{
    public const int BatchSize = 50_000;

    /// <summary>Page cache for the import connection (KiB, negative as SQLite wants it): the unique index is written in random order.</summary>
    private const int ImportCacheKib = 256 * 1024;

    private const string InsertEntrySql = """
        INSERT INTO bank_entries (bank_id, type, value, signal, list, external_id, category, added_at, added_by, enabled)
        VALUES ($bank_id, $type, $value, $signal, $list, $external_id, $category, $added_at, $added_by, $enabled)
        ON CONFLICT (bank_id, type, value) DO NOTHING
        """;

    private const string InsertChangesSql = """
        INSERT INTO bank_changes (bank_id, entry_id, kind, at)
        SELECT bank_id, id, 'EntryAdded', $at FROM bank_entries WHERE id > $after ORDER BY id
        """;

    public static void Run(
        SqliteConnection connection,
        int bankId,
        IEnumerable<HashListRecord> records,
        string? addedBy,
        TimeProvider time,
        ImportCounter counter,
        CancellationToken cancellationToken)
    {
        Execute(connection, $"PRAGMA cache_size = -{ImportCacheKib};");
        try
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = InsertEntrySql;
            insert.Parameters.AddWithValue("$bank_id", bankId);
            var type = insert.Parameters.Add("$type", SqliteType.Text);
            var value = insert.Parameters.Add("$value", SqliteType.Text);
            var signal = insert.Parameters.Add("$signal", SqliteType.Text);
            var list = insert.Parameters.Add("$list", SqliteType.Text);
            var externalId = insert.Parameters.Add("$external_id", SqliteType.Text);
            var category = insert.Parameters.Add("$category", SqliteType.Text);
            var addedAt = insert.Parameters.Add("$added_at", SqliteType.Text);
            var addedByParameter = insert.Parameters.Add("$added_by", SqliteType.Text);
            var enabled = insert.Parameters.Add("$enabled", SqliteType.Integer);
            var now = time.GetUtcNow();

            using var enumerator = records.GetEnumerator();
            var more = true;
            while (more)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var transaction = connection.BeginTransaction(deferred: false);
                insert.Transaction = transaction;
                var before = MaxEntryId(connection, transaction);
                var inBatch = 0;
                while (inBatch < BatchSize && (more = enumerator.MoveNext()))
                {
                    var record = enumerator.Current ?? throw new ArgumentException("An import record is null.", nameof(records));
                    counter.Read++;
                    inBatch++;
                    type.Value = HashValues.StoredName(record.Type);
                    var (key, signalText) = HashValues.Stored(record.Type, HashValues.CanonicalForImport(record, counter.Read));
                    value.Value = key;
                    signal.Value = (object?)signalText ?? DBNull.Value;
                    list.Value = (object?)record.List ?? DBNull.Value;
                    externalId.Value = (object?)record.ExternalId ?? DBNull.Value;
                    category.Value = (object?)record.Category ?? DBNull.Value;
                    addedAt.Value = (record.AddedAt ?? now).ToUniversalTime();
                    addedByParameter.Value = (object?)(record.AddedBy ?? addedBy) ?? DBNull.Value;
                    enabled.Value = record.Enabled;
                    counter.Added += insert.ExecuteNonQuery();
                }

                using (var changes = connection.CreateCommand())
                {
                    changes.Transaction = transaction;
                    changes.CommandText = InsertChangesSql;
                    changes.Parameters.AddWithValue("$at", time.GetUtcNow());
                    changes.Parameters.AddWithValue("$after", before);
                    changes.ExecuteNonQuery();
                }

                transaction.Commit();
                counter.BatchCommitted();
            }
        }
        finally
        {
            Execute(connection, "PRAGMA cache_size = -2000;");
        }
    }

    private static long MaxEntryId(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM bank_entries";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
