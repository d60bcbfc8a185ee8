using System.Globalization;
using Aegis.Core.Events;
using Aegis.Core.Exchanges;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aegis.Storage;

/// <summary>The flood guard's side of the store: counting the gate's matches, quarantining and releasing.</summary>
public sealed partial class ExchangeStore
{
    private const string UpsertCountSql =
        """
        INSERT INTO flood_counts (exchange_id, entry_id, bucket, matches, new_matches) VALUES (@exchange_id, @entry_id, @bucket, @matches, @new_matches)
        ON CONFLICT (exchange_id, entry_id, bucket) DO UPDATE SET matches = flood_counts.matches + excluded.matches, new_matches = flood_counts.new_matches + excluded.new_matches
        """;

    private const string MarkSql =
        "INSERT INTO flood_marks (bucket, content_id) SELECT @bucket, COALESCE(MAX(id), 0) FROM contents WHERE 1 = 1 ON CONFLICT (bucket) DO NOTHING";

    /// <summary>
    /// The flood guard at the gate, before the verdict: the gate's blocking or holding matches of
    /// <paramref name="entryIds"/> are counted for those that are exchange entries, and each entry, then each exchange, is
    /// judged by <paramref name="rules"/>. One that floods is quarantined here, once (a conditional update), with a change
    /// row and its event (<c>exchange.entry_quarantined</c> / <c>exchange.quarantined</c>) in the same transaction.
    /// Entries are locked while counted (PostgreSQL: <c>FOR UPDATE</c>, in id order; SQLite: the writer lock), so nodes
    /// racing on one entry count one after the other and at most <see cref="FloodRules.MinMatches"/> of its matches act
    /// before it is quarantined. Entries of no exchange cost one indexed read and nothing else.
    /// </summary>
    /// <param name="entryIds">The entries whose matches would block or hold.</param>
    /// <param name="rules">The flood guard's rules.</param>
    /// <param name="count">
    /// False for a question that gates no upload (a lookup without a content id): the quarantine is read, nothing counted.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries whose matches must hold.</returns>
    public async Task<FloodCheck> CheckAtGateAsync(IReadOnlyCollection<long> entryIds, FloodRules rules, bool count = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entryIds);
        ArgumentNullException.ThrowIfNull(rules);
        if (entryIds.Count == 0)
        {
            return FloodCheck.None;
        }

        var ids = entryIds.Distinct().Order().ToList();
        await using var db = store.CreateContext();
        var sourced = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id) && e.ExchangeId != null).Select(e => e.Id).OrderBy(id => id).ToListAsync(cancellationToken);
        if (sourced.Count == 0)
        {
            return FloodCheck.None;
        }

        var now = store.Time.GetUtcNow();
        var bucket = rules.Bucket(now);
        var windowStart = rules.WindowStart(now);
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var sql = new ExchangeSql(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        if (sql.IsPostgres)
        {
            await sql.ExecuteAsync($"SELECT id FROM bank_entries WHERE {sql.In("id", "@ids")} ORDER BY id FOR UPDATE", cancellationToken, ("@ids", sql.List(sourced)));
        }

        await sql.ExecuteAsync(MarkSql, cancellationToken, ("@bucket", bucket));
        var entries = await db.Entries.AsNoTracking().Where(e => sourced.Contains(e.Id) && e.ExchangeId != null).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var exchangeIds = entries.Select(e => e.ExchangeId!.Value).Distinct().ToList();
        var exchanges = await db.Exchanges.AsNoTracking().Where(x => exchangeIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, cancellationToken);
        var bankIds = entries.Select(e => e.BankId).Distinct().ToList();
        var banks = await db.Banks.AsNoTracking().Where(b => bankIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        var held = new HashSet<long>();
        var reasons = new List<string>();
        long? gated = null;
        var minutes = (int)rules.Window.TotalMinutes;
        foreach (var group in entries.GroupBy(e => e.ExchangeId!.Value))
        {
            if (!exchanges.TryGetValue(group.Key, out var exchange))
            {
                continue;
            }

            if (exchange.QuarantinedAt is not null)
            {
                held.UnionWith(group.Select(e => e.Id));
                reasons.Add($"Exchange '{exchange.Name}' is quarantined by the flood guard: its matches hold for review until a curator releases it.");
                continue;
            }

            if (!count)
            {
                foreach (var entry in group.Where(e => e.QuarantinedAt is not null))
                {
                    held.Add(entry.Id);
                    reasons.Add(EntryReason(entry, exchange.Name, banks.GetValueOrDefault(entry.BankId, "?")));
                }

                continue;
            }

            var counted = group.Where(e => e.QuarantinedAt is null).ToList();
            var fresh = counted.Count(e => rules.IsNew(e.AddedAt, now));
            if (counted.Count > 0)
            {
                await sql.ExecuteAsync(UpsertCountSql, cancellationToken, ("@exchange_id", exchange.Id), ("@entry_id", 0L), ("@bucket", bucket), ("@matches", (long)counted.Count), ("@new_matches", (long)fresh));
            }

            foreach (var entry in group)
            {
                var bank = banks.GetValueOrDefault(entry.BankId, "?");
                if (entry.QuarantinedAt is not null)
                {
                    held.Add(entry.Id);
                    reasons.Add(EntryReason(entry, exchange.Name, bank));
                    continue;
                }

                if (entry.FloodReleasedAt is not null)
                {
                    continue;
                }

                await sql.ExecuteAsync(UpsertCountSql, cancellationToken, ("@exchange_id", exchange.Id), ("@entry_id", entry.Id), ("@bucket", bucket), ("@matches", 1L), ("@new_matches", 0L));
                var matches = await SumAsync(sql, "matches", exchange.Id, entry.Id, windowStart, null, cancellationToken);
                if (matches <= rules.MinMatches)
                {
                    continue;
                }

                gated ??= await GatedAsync(sql, windowStart, cancellationToken) + 1;
                if (!rules.IsEntryFlood(matches, gated.Value))
                {
                    continue;
                }

                var id = entry.Id;
                if (await db.Entries.Where(e => e.Id == id && e.QuarantinedAt == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.QuarantinedAt, now), cancellationToken) == 1)
                {
                    await ChangeFeed.LockAsync(db, cancellationToken);
                    await sql.ExecuteAsync(InsertChangeSql, cancellationToken, ("@bank_id", entry.BankId), ("@entry_id", entry.Id), ("@kind", BankChangeKind.EntryQuarantined.ToString()), ("@at", now.ToUniversalTime()));
                    EventWriter.Add(
                        db,
                        new ExchangeEntryQuarantined(
                            DomainEvent.System, exchange.Name, bank, entry.Id, entry.Type.ToString().ToLowerInvariant(), entry.RecordKey, entry.ExternalId, entry.Member, entry.Category,
                            matches, gated.Value, minutes),
                        now);
                }

                held.Add(entry.Id);
                reasons.Add(EntryReason(entry, exchange.Name, bank));
            }

            if (fresh > 0 && await ExchangeFloodsAsync(sql, rules, exchange, now, cancellationToken) is { } flood)
            {
                var exchangeId = exchange.Id;
                if (await db.Exchanges.Where(x => x.Id == exchangeId && x.QuarantinedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.QuarantinedAt, now), cancellationToken) == 1)
                {
                    EventWriter.Add(db, new ExchangeQuarantined(DomainEvent.System, exchange.Name, await BankNameAsync(db, exchange.BankId, cancellationToken), flood.NewMatches, flood.Rate, minutes), now);
                }

                held.UnionWith(group.Select(e => e.Id));
                reasons.Add($"Exchange '{exchange.Name}' is quarantined by the flood guard: its new entries matched {flood.NewMatches} uploads in {minutes} minutes, against {flood.Rate.ToString("0.##", CultureInfo.InvariantCulture)} a window before.");
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FloodCheck(held, reasons);
    }

    /// <summary>
    /// The exchange-wide bookkeeping of the flood guard, run by every node's exchange worker: the mark of the current
    /// bucket (where its uploads start), and the counts no window or history needs any more, deleted.
    /// </summary>
    public async Task MarkFloodBucketAsync(FloodRules rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var sql = new ExchangeSql(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        var windowStart = rules.WindowStart(now);
        await sql.ExecuteAsync(MarkSql, cancellationToken, ("@bucket", rules.Bucket(now)));
        await sql.ExecuteAsync(
            "DELETE FROM flood_counts WHERE bucket < @history OR (entry_id <> 0 AND bucket < @window)", cancellationToken, ("@history", rules.HistoryStart(now)), ("@window", windowStart));
        await sql.ExecuteAsync(
            "DELETE FROM flood_marks WHERE bucket < (SELECT COALESCE(MAX(bucket), 0) FROM flood_marks WHERE bucket <= @window)", cancellationToken, ("@window", windowStart));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The quarantined entries (of one exchange, or all), oldest quarantine first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="BankStoreException">No such exchange.</exception>
    public async Task<IReadOnlyList<QuarantinedEntry>> ListQuarantinedAsync(string? exchange, FloodRules rules, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        await using var db = store.CreateContext();
        int? exchangeId = null;
        if (exchange is not null)
        {
            exchangeId = await db.Exchanges.Where(x => x.Name == exchange).Select(x => (int?)x.Id).SingleOrDefaultAsync(cancellationToken) ?? throw NotFound(exchange);
        }

        var rows = await db.Entries.AsNoTracking().Where(e => e.QuarantinedAt != null && e.ExchangeId != null && (exchangeId == null || e.ExchangeId == exchangeId))
            .OrderBy(e => e.Id).Take(limit).ToListAsync(cancellationToken);
        return await ViewsAsync(db, rows, rules, cancellationToken);
    }

    /// <summary>
    /// Releases a quarantined entry (a curator vouched for it): its matches act again from the next upload on every node,
    /// and the guard leaves it alone from now on. One conditional update, a change row and <c>exchange.entry_released</c>.
    /// </summary>
    /// <exception cref="BankStoreException">No such exchange entry (not found), or it is not quarantined (conflict).</exception>
    public async Task<QuarantinedEntry> ReleaseEntryAsync(long entryId, string actor, FloodRules rules, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentNullException.ThrowIfNull(rules);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var released = await db.Entries.Where(e => e.Id == entryId && e.QuarantinedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.QuarantinedAt, (DateTimeOffset?)null).SetProperty(e => e.FloodReleasedAt, now), cancellationToken);
        var row = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == entryId && e.ExchangeId != null, cancellationToken)
            ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no exchange entry {entryId}.");
        if (released == 0)
        {
            throw new BankStoreException(BankStoreError.Conflict, $"Entry {entryId} is not quarantined.");
        }

        var view = (await ViewsAsync(db, [row], rules, cancellationToken))[0];
        var sql = new ExchangeSql(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        await ChangeFeed.LockAsync(db, cancellationToken);
        await sql.ExecuteAsync(InsertChangeSql, cancellationToken, ("@bank_id", row.BankId), ("@entry_id", row.Id), ("@kind", BankChangeKind.EntryReleased.ToString()), ("@at", now.ToUniversalTime()));
        EventWriter.Add(db, new ExchangeEntryReleased(actor, view.Exchange, view.Bank, row.Id, row.RecordKey), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return view;
    }

    /// <summary>
    /// Releases a quarantined exchange: its entries' matches act again; only matches after now count toward another
    /// quarantine of the exchange. Audited (<c>exchange.released</c>).
    /// </summary>
    /// <exception cref="BankStoreException">No such exchange (not found), or it is not quarantined (conflict).</exception>
    public async Task<Exchange> ReleaseExchangeAsync(string name, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var released = await db.Exchanges.Where(x => x.Name == name && x.QuarantinedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.QuarantinedAt, (DateTimeOffset?)null).SetProperty(x => x.FloodReleasedAt, now.ToUnixTimeMilliseconds()), cancellationToken);
        var row = await db.Exchanges.AsNoTracking().SingleOrDefaultAsync(x => x.Name == name, cancellationToken) ?? throw NotFound(name);
        if (released == 0)
        {
            throw new BankStoreException(BankStoreError.Conflict, $"Exchange '{name}' is not quarantined.");
        }

        var bank = await BankNameAsync(db, row.BankId, cancellationToken);
        EventWriter.Add(db, new ExchangeReleased(actor, row.Name, bank), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return View(row, bank, now) with { QuarantinedEntries = await QuarantinedCountAsync(db, row.Id, cancellationToken) };
    }

    private static Task<long> QuarantinedCountAsync(AegisDbContext db, int exchangeId, CancellationToken cancellationToken) =>
        db.Entries.Where(e => e.QuarantinedAt != null && e.ExchangeId == exchangeId).LongCountAsync(cancellationToken);

    private static string EntryReason(BankEntryRow entry, string exchange, string bank) =>
        $"Entry {entry.Id} of bank '{bank}' (exchange '{exchange}'{(entry.RecordKey is null ? "" : $", record {entry.RecordKey}")}{(entry.Member is null ? "" : $", shared by {entry.Member}")}) is quarantined by the flood guard: its matches hold for review until a curator releases it.";

    /// <summary>Whether the exchange's new entries flood: their matches in the window (after a release) against its history.</summary>
    private static async Task<(long NewMatches, double Rate)?> ExchangeFloodsAsync(ExchangeSql sql, FloodRules rules, ExchangeRow exchange, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windowStart = rules.WindowStart(now);
        var from = exchange.FloodReleasedAt is { } released ? Math.Max(windowStart, rules.Bucket(DateTimeOffset.FromUnixTimeMilliseconds(released)) + rules.BucketMillis) : windowStart;
        var newMatches = await SumAsync(sql, "new_matches", exchange.Id, 0, from, null, cancellationToken);
        if (newMatches <= rules.ExchangeMinMatches)
        {
            return null;
        }

        var historyFrom = Math.Max(rules.HistoryStart(now), rules.Bucket(exchange.CreatedAt));
        var history = await SumAsync(sql, "matches", exchange.Id, 0, historyFrom, windowStart, cancellationToken);
        var rate = rules.HistoricalRate(history, historyFrom, windowStart);
        return rules.IsExchangeFlood(newMatches, rate) ? (newMatches, rate) : null;
    }

    private static async Task<long> SumAsync(ExchangeSql sql, string column, int exchangeId, long entryId, long from, long? until, CancellationToken cancellationToken) =>
        await sql.ScalarAsync(
            $"SELECT COALESCE(SUM({column}), 0) FROM flood_counts WHERE exchange_id = @exchange_id AND entry_id = @entry_id AND bucket >= @from{(until is null ? "" : " AND bucket < @until")}",
            cancellationToken,
            ("@exchange_id", exchangeId),
            ("@entry_id", entryId),
            ("@from", from),
            ("@until", until ?? 0L)) is { } sum ? ExchangeSql.Long(sum) : 0;

    /// <summary>
    /// Uploads recorded since the window began: the newest content row id less the mark of the window's start (the latest
    /// mark at or before it; else the earliest in the window; else every upload).
    /// </summary>
    private static async Task<long> GatedAsync(ExchangeSql sql, long windowStart, CancellationToken cancellationToken)
    {
        var newest = await sql.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM contents", cancellationToken) is { } n ? ExchangeSql.Long(n) : 0;
        var mark = await sql.ScalarAsync("SELECT content_id FROM flood_marks WHERE bucket <= @start ORDER BY bucket DESC LIMIT 1", cancellationToken, ("@start", windowStart))
            ?? await sql.ScalarAsync("SELECT content_id FROM flood_marks ORDER BY bucket LIMIT 1", cancellationToken);
        return Math.Max(0, newest - (mark is null ? 0 : ExchangeSql.Long(mark)));
    }

    private async Task<List<QuarantinedEntry>> ViewsAsync(AegisDbContext db, IReadOnlyList<BankEntryRow> rows, FloodRules rules, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var bankIds = rows.Select(r => r.BankId).Distinct().ToList();
        var exchangeIds = rows.Select(r => r.ExchangeId ?? 0).Distinct().ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var banks = await db.Banks.AsNoTracking().Where(b => bankIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        var exchanges = await db.Exchanges.AsNoTracking().Where(x => exchangeIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken);
        var windowStart = rules.WindowStart(store.Time.GetUtcNow());
        var counts = await db.FloodCounts.AsNoTracking().Where(f => ids.Contains(f.EntryId) && f.Bucket >= windowStart)
            .GroupBy(f => f.EntryId).Select(g => new { g.Key, Matches = g.Sum(f => f.Matches) }).ToDictionaryAsync(g => g.Key, g => g.Matches, cancellationToken);
        return [.. rows.Select(r => new QuarantinedEntry(
            r.Id, banks.GetValueOrDefault(r.BankId, "?"), exchanges.GetValueOrDefault(r.ExchangeId ?? 0, r.List ?? "?"), r.Type, r.Value, r.RecordKey, r.ExternalId, r.Member, r.Category,
            r.QuarantinedAt, r.FloodReleasedAt, counts.GetValueOrDefault(r.Id)))];
    }
}
