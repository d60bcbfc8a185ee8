using Aegis.Core.Exchanges;
using Aegis.Exchanges;
using Aegis.Matching.Banks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aegis.Storage;

public sealed partial class ExchangeStore
{
    private const string EntryColumns = "id, type, value, enabled, exchange_id, list, record_key, external_id, member, category";

    private const string InsertEntrySql = """
        INSERT INTO bank_entries (bank_id, type, value, signal, list, external_id, category, added_at, added_by, enabled, exchange_id, record_key, member)
        VALUES (@bank_id, @type, @value, @signal, @list, @external_id, @category, @added_at, @added_by, @enabled, @exchange_id, @record_key, @member)
        ON CONFLICT (bank_id, type, value) DO NOTHING
        RETURNING id
        """;

    private const string UpdateEntrySql = """
        UPDATE bank_entries SET enabled = @enabled, list = @list, external_id = @external_id, category = @category,
            exchange_id = @exchange_id, record_key = @record_key, member = @member
        WHERE id = @id
        """;

    private const string InsertHolderSql = """
        INSERT INTO exchange_records (exchange_id, record_key, entry_id, external_id, member, category, listing)
        VALUES (@exchange_id, @record_key, @entry_id, @external_id, @member, @category, @listing)
        ON CONFLICT (exchange_id, record_key, entry_id) DO NOTHING
        """;

    private const string UpdateHolderSql = "UPDATE exchange_records SET external_id = @external_id, member = @member, category = @category, listing = @listing WHERE id = @id";

    private const string InsertChangeSql = "INSERT INTO bank_changes (bank_id, entry_id, kind, at) VALUES (@bank_id, @entry_id, @kind, @at)";

    /// <summary>
    /// Applies one fetched page to the exchange's bank and stores its checkpoint, in one transaction, if the claim is still
    /// this node's (checked first, and the lease renewed by the same statement, so no other node can take the exchange
    /// while the page is written). Each record's hashes become entries of the bank (added, updated when their provenance
    /// changed, disabled when no record holds them any more), each change a row of the bank change feed, so every node's
    /// matcher has them within a poll. Reads are set-based (a query per kind of row, not per record); the same page applied
    /// twice changes nothing the second time.
    /// </summary>
    /// <returns>What the page did, or null when the claim was lost (nothing written; the run must stop).</returns>
    public async Task<ExchangeCounts?> ApplyPageAsync(ExchangeClaim claim, ExchangePage page, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(page);
        var records = PageRecord.From(page.Records, out _);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var sql = new ExchangeSql(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        if (!await FenceAsync(sql, claim, now + lease, cancellationToken))
        {
            return null;
        }

        var bankId = await db.Exchanges.Where(x => x.Id == claim.Id).Select(x => x.BankId).SingleAsync(cancellationToken);
        if (page.Listing is { } listing && !page.More)
        {
            records = await WithSweptAsync(sql, claim.Id, listing, records, cancellationToken);
        }

        var counts = new ExchangeCounts(page.Records.Count, 0, 0, 0);
        if (records.Count > 0)
        {
            var names = await db.Exchanges.AsNoTracking().ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken);
            var plan = await PlanAsync(sql, claim.Id, bankId, names, page.Listing, records, page.Records.Count, cancellationToken);
            await WriteAsync(db, sql, plan, bankId, claim.Name, now, cancellationToken);
            counts = plan.Counts;
        }

        await sql.ExecuteAsync(
            $"""
            UPDATE exchanges SET checkpoint = @checkpoint, run_pages = run_pages + 1,
                run_records = run_records + @records, run_added = run_added + @added, run_updated = run_updated + @updated, run_removed = run_removed + @removed,
                total_records = total_records + @records, total_added = total_added + @added, total_updated = total_updated + @updated, total_removed = total_removed + @removed
                {(page.Progress is null ? "" : ", exchange_time = @exchange_time")}
            WHERE id = @id
            """,
            cancellationToken,
            ("@checkpoint", page.Checkpoint),
            ("@records", counts.Records),
            ("@added", counts.Added),
            ("@updated", counts.Updated),
            ("@removed", counts.Removed),
            ("@exchange_time", page.Progress?.ToUniversalTime()),
            ("@id", claim.Id));
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>The claim is still this one's: its lease is renewed to <paramref name="until"/> (and, on PostgreSQL, the row stays locked until commit).</summary>
    private static async Task<bool> FenceAsync(ExchangeSql sql, ExchangeClaim claim, DateTimeOffset until, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync(
            "UPDATE exchanges SET lease_until = @lease WHERE id = @id AND claim_token = @token",
            cancellationToken,
            ("@lease", until.ToUnixTimeMilliseconds()),
            ("@id", claim.Id),
            ("@token", claim.Token)) == 1;

    /// <summary>The listing's last page: every record of the exchange no page of this listing held is deleted with it.</summary>
    private static async Task<IReadOnlyList<PageRecord>> WithSweptAsync(ExchangeSql sql, int exchangeId, string listing, IReadOnlyList<PageRecord> records, CancellationToken cancellationToken)
    {
        var stale = await sql.QueryAsync(
            "SELECT DISTINCT record_key FROM exchange_records WHERE exchange_id = @exchange_id AND (listing IS NULL OR listing <> @listing)",
            r => r.GetString(0),
            cancellationToken,
            ("@exchange_id", exchangeId),
            ("@listing", listing));
        var listed = records.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        return [.. records, .. stale.Where(k => !listed.Contains(k)).Select(k => new PageRecord(k, [], null, null, null))];
    }

    /// <summary>Reads what the page touches (its records' holders, the entries of their hashes, every holder of those) and plans it.</summary>
    private static async Task<PagePlan> PlanAsync(
        ExchangeSql sql, int exchangeId, int bankId, IReadOnlyDictionary<int, string> names, string? listing, IReadOnlyList<PageRecord> records, int recordsRead, CancellationToken cancellationToken)
    {
        var keys = records.Select(r => r.Key).ToList();
        var held = await sql.QueryAsync(
            $"SELECT entry_id FROM exchange_records WHERE exchange_id = @exchange_id AND {sql.In("record_key", "@keys")}",
            r => r.GetInt64(0),
            cancellationToken,
            ("@exchange_id", exchangeId),
            ("@keys", sql.List(keys)));

        var lockRows = sql.IsPostgres ? " FOR UPDATE" : "";
        var entries = new Dictionary<long, PagePlan.Entry>();
        foreach (var group in records.SelectMany(r => r.Signals).GroupBy(s => s.Type))
        {
            var values = group.Select(s => s.Value).Distinct(StringComparer.Ordinal).ToList();
            foreach (var entry in await sql.QueryAsync(
                $"SELECT {EntryColumns} FROM bank_entries WHERE bank_id = @bank_id AND type = @type AND {sql.In("value", "@values")}{lockRows}",
                ReadEntry,
                cancellationToken,
                ("@bank_id", bankId),
                ("@type", HashValues.StoredName(group.Key)),
                ("@values", sql.List(values))))
            {
                entries[entry.Id] = entry;
            }
        }

        var missing = held.Where(id => !entries.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var entry in await sql.QueryAsync($"SELECT {EntryColumns} FROM bank_entries WHERE {sql.In("id", "@ids")}{lockRows}", ReadEntry, cancellationToken, ("@ids", sql.List(missing))))
            {
                entries[entry.Id] = entry;
            }
        }

        var holders = entries.Count == 0 ? [] : await sql.QueryAsync(
            $"SELECT id, exchange_id, record_key, entry_id, external_id, member, category, listing FROM exchange_records WHERE {sql.In("entry_id", "@ids")}",
            r => new PagePlan.Holder(r.GetInt64(0), r.GetInt32(1), r.GetString(2), entries[r.GetInt64(3)])
            {
                ExternalId = Text(r, 4),
                Member = Text(r, 5),
                Category = Text(r, 6),
                Listing = Text(r, 7),
            },
            cancellationToken,
            ("@ids", sql.List(entries.Keys.ToList())));
        return PagePlan.Make(exchangeId, names, listing, records, entries.Values, holders, recordsRead);
    }

    /// <summary>Writes a plan: new entries, changed entries, holders, and the change-feed rows of every entry that changed.</summary>
    private async Task WriteAsync(Model.AegisDbContext db, ExchangeSql sql, PagePlan plan, int bankId, string exchange, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var addedBy = $"exchange:{exchange}";
        var postgres = sql.Connection as Npgsql.NpgsqlConnection;
        List<object?> ids;
        if (postgres is not null && plan.NewEntries.Count > 0)
        {
            var inserted = await PostgresPageWriter.InsertEntriesAsync(
                postgres, (Npgsql.NpgsqlTransaction)sql.Transaction, plan.NewEntries, bankId, plan.NewEntries[0].ExchangeId!.Value, exchange, addedBy, now, cancellationToken);
            ids = [.. plan.NewEntries.Select(e => inserted.TryGetValue((HashValues.StoredName(e.Type), e.Value), out var id) ? (object?)id : null)];
        }
        else
        {
            ids = await sql.RunRowsAsync(
                InsertEntrySql,
                ["@bank_id", "@type", "@value", "@signal", "@list", "@external_id", "@category", "@added_at", "@added_by", "@enabled", "@exchange_id", "@record_key", "@member"],
                [.. plan.NewEntries.Select(e => new object?[] { bankId, HashValues.StoredName(e.Type), e.Value, e.Signal, e.List, e.ExternalId, e.Category, now, addedBy, true, e.ExchangeId, e.RecordKey, e.Member })],
                scalar: true,
                cancellationToken);
        }

        var added = new List<PagePlan.Entry>();
        for (var i = 0; i < ids.Count; i++)
        {
            var entry = plan.NewEntries[i];
            if (ids[i] is { } id)
            {
                entry.Id = ExchangeSql.Long(id);
                added.Add(entry);
            }
            else
            {
                // Another writer added this hash since the page read the bank: it is theirs, and this record holds it.
                entry.Id = ExchangeSql.Long((await sql.ScalarAsync(
                    "SELECT id FROM bank_entries WHERE bank_id = @bank_id AND type = @type AND value = @value",
                    cancellationToken,
                    ("@bank_id", bankId),
                    ("@type", HashValues.StoredName(entry.Type)),
                    ("@value", entry.Value)))!);
            }
        }

        plan.Inserted(added.Count);
        await sql.RunRowsAsync(
            UpdateEntrySql,
            ["@enabled", "@list", "@external_id", "@category", "@exchange_id", "@record_key", "@member", "@id"],
            [.. plan.ChangedEntries.Select(c => new object?[] { c.Entry.Enabled, c.Entry.List, c.Entry.ExternalId, c.Entry.Category, c.Entry.ExchangeId, c.Entry.RecordKey, c.Entry.Member, c.Entry.Id })],
            scalar: false,
            cancellationToken);

        if (plan.DeletedHolders.Count > 0)
        {
            await sql.ExecuteAsync($"DELETE FROM exchange_records WHERE {sql.In("id", "@ids")}", cancellationToken, ("@ids", sql.List(plan.DeletedHolders)));
        }

        if (postgres is not null && plan.NewHolders.Count > 0)
        {
            await PostgresPageWriter.InsertHoldersAsync(postgres, (Npgsql.NpgsqlTransaction)sql.Transaction, plan.NewHolders, plan.NewHolders[0].ExchangeId, cancellationToken);
        }
        else
        {
            await sql.RunRowsAsync(
                InsertHolderSql,
                ["@exchange_id", "@record_key", "@entry_id", "@external_id", "@member", "@category", "@listing"],
                [.. plan.NewHolders.Select(h => new object?[] { h.ExchangeId, h.Key, h.Entry.Id, h.ExternalId, h.Member, h.Category, h.Listing })],
                scalar: false,
                cancellationToken);
        }
        await sql.RunRowsAsync(
            UpdateHolderSql,
            ["@external_id", "@member", "@category", "@listing", "@id"],
            [.. plan.UpdatedHolders.Select(h => new object?[] { h.ExternalId, h.Member, h.Category, h.Listing, h.Id })],
            scalar: false,
            cancellationToken);

        var changes = added.Select(e => (e.Id, Kind: BankChangeKind.EntryAdded)).Concat(plan.ChangedEntries.Select(c => (c.Entry.Id, c.Kind))).OrderBy(c => c.Id).ToList();
        if (changes.Count > 0)
        {
            await ChangeFeed.LockAsync(db, cancellationToken);
            if (postgres is not null)
            {
                await PostgresPageWriter.InsertChangesAsync(postgres, (Npgsql.NpgsqlTransaction)sql.Transaction, changes, bankId, now, cancellationToken);
            }
            else
            {
                await sql.RunRowsAsync(
                    InsertChangeSql,
                    ["@bank_id", "@entry_id", "@kind", "@at"],
                    [.. changes.Select(c => new object?[] { bankId, c.Id, c.Kind.ToString(), now })],
                    scalar: false,
                    cancellationToken);
            }
        }
    }

    private static PagePlan.Entry ReadEntry(System.Data.Common.DbDataReader r) => new(
        r.GetInt64(0),
        Enum.Parse<SignalType>(r.GetString(1)),
        r.GetString(2),
        r.GetBoolean(3),
        r.IsDBNull(4) ? null : r.GetInt32(4),
        Text(r, 5),
        Text(r, 6),
        Text(r, 7),
        Text(r, 8),
        Text(r, 9));

    private static string? Text(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
