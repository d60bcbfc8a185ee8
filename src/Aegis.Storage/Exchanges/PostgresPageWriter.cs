using Npgsql;
using NpgsqlTypes;

namespace Aegis.Storage;

/// <summary>
/// The bulk rows of a page on PostgreSQL as one statement each over arrays (<c>unnest</c>): a page's thousand new entries,
/// their holders and their change rows cost three statements, not three thousand (each parsed and planned).
/// </summary>
internal static class PostgresPageWriter
{
    private const string InsertEntriesSql = """
        INSERT INTO bank_entries (bank_id, type, value, signal, list, external_id, category, added_at, added_by, enabled, exchange_id, record_key, member)
        SELECT @bank_id, t.type, t.value, t.signal, @list, t.external_id, t.category, @added_at, @added_by, TRUE, @exchange_id, t.record_key, t.member
        FROM unnest(@types, @values, @signals, @external_ids, @categories, @record_keys, @members)
             WITH ORDINALITY AS t(type, value, signal, external_id, category, record_key, member, ord)
        ORDER BY t.ord
        ON CONFLICT (bank_id, type, value) DO NOTHING
        RETURNING id, type, value
        """;

    private const string InsertHoldersSql = """
        INSERT INTO exchange_records (exchange_id, record_key, entry_id, external_id, member, category, listing)
        SELECT @exchange_id, t.record_key, t.entry_id, t.external_id, t.member, t.category, t.listing
        FROM unnest(@record_keys, @entry_ids, @external_ids, @members, @categories, @listings) AS t(record_key, entry_id, external_id, member, category, listing)
        ON CONFLICT (exchange_id, record_key, entry_id) DO NOTHING
        """;

    private const string InsertChangesSql = """
        INSERT INTO bank_changes (bank_id, entry_id, kind, at)
        SELECT @bank_id, t.entry_id, t.kind, @at FROM unnest(@entry_ids, @kinds) WITH ORDINALITY AS t(entry_id, kind, ord) ORDER BY t.ord
        """;

    /// <summary>Inserts the plan's new entries (all the exchange's own); the ids of those inserted, by (type name, value).</summary>
    public static async Task<Dictionary<(string Type, string Value), long>> InsertEntriesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PagePlan.Entry> entries, int bankId, int exchangeId, string list, string addedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertEntriesSql, connection, transaction);
        command.Parameters.AddWithValue("bank_id", bankId);
        command.Parameters.AddWithValue("list", list);
        command.Parameters.AddWithValue("added_at", now.ToUniversalTime());
        command.Parameters.AddWithValue("added_by", addedBy);
        command.Parameters.AddWithValue("exchange_id", exchangeId);
        Text(command, "types", entries.Select(e => HashValues.StoredName(e.Type)));
        Text(command, "values", entries.Select(e => e.Value));
        Text(command, "signals", entries.Select(e => e.Signal));
        Text(command, "external_ids", entries.Select(e => e.ExternalId));
        Text(command, "categories", entries.Select(e => e.Category));
        Text(command, "record_keys", entries.Select(e => e.RecordKey));
        Text(command, "members", entries.Select(e => e.Member));
        var ids = new Dictionary<(string, string), long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[(reader.GetString(1), reader.GetString(2))] = reader.GetInt64(0);
        }

        return ids;
    }

    /// <summary>Inserts the plan's new holders (all the exchange's own).</summary>
    public static async Task InsertHoldersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PagePlan.Holder> holders, int exchangeId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertHoldersSql, connection, transaction);
        command.Parameters.AddWithValue("exchange_id", exchangeId);
        Text(command, "record_keys", holders.Select(h => h.Key));
        command.Parameters.Add(new NpgsqlParameter("entry_ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = holders.Select(h => h.Entry.Id).ToArray() });
        Text(command, "external_ids", holders.Select(h => h.ExternalId));
        Text(command, "members", holders.Select(h => h.Member));
        Text(command, "categories", holders.Select(h => h.Category));
        Text(command, "listings", holders.Select(h => h.Listing));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Inserts change rows, in the order given (the caller holds the change-feed lock).</summary>
    public static async Task InsertChangesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(long Id, BankChangeKind Kind)> changes, int bankId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertChangesSql, connection, transaction);
        command.Parameters.AddWithValue("bank_id", bankId);
        command.Parameters.AddWithValue("at", now.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("entry_ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = changes.Select(c => c.Id).ToArray() });
        Text(command, "kinds", changes.Select(c => c.Kind.ToString()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Text(NpgsqlCommand command, string name, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
}
