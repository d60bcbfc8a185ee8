using System.Security.Cryptography;
using Aegis.Core.Cases;
using Aegis.Core.Feed;
using Aegis.Matching.Banks;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Feed;

/// <summary>
/// Appends to the hash feed (<c>shared_hashes</c>) inside a decision's transaction. Subscribers page the feed by sequence,
/// so rows must become visible in sequence order: on PostgreSQL the transaction takes the feed's transaction-scoped
/// advisory lock right before it inserts (as <see cref="ChangeFeed"/> does), so sequences are taken and committed in one
/// order across all nodes; SQLite has one writer at a time. The lock is taken after any change-feed lock of the same
/// transaction, never before, so the two cannot deadlock.
/// </summary>
internal static class HashFeedRows
{
    /// <summary>The feed's lock key (arbitrary, fixed, distinct from the change feed's, the match events' and the audit log's).</summary>
    private const long LockKey = 0x4165_6769_7346_6565;

    /// <summary>
    /// When a decision confirms a case: one row per hash of its item (PDQ, MD5, SHA-256, vPDQ), each with a new opaque id
    /// and the category <see cref="HashSharing"/> gives; nothing when the rules do not share it.
    /// </summary>
    public static async Task AppendConfirmedAsync(
        AegisDbContext db, Case confirmed, CaseRow row, ContentRow item, CaseRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hashes = Hashes(item);
        if (hashes.Count == 0 || HashSharing.Category(confirmed, fromExchange: false, reshare: false) is null)
        {
            return;
        }

        var fromExchange = await FromExchangeAsync(db, row, item, hashes, cancellationToken);
        if (HashSharing.Category(confirmed, fromExchange, rules.ReshareExchangeHashes) is not { } category)
        {
            return;
        }

        await LockAsync(db, cancellationToken);
        foreach (var (type, value) in hashes)
        {
            db.SharedHashes.Add(new SharedHashRow
            {
                EntryId = NewId(), CaseId = confirmed.Id, Type = type, Value = value, Category = category, At = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>When an appeal overturns a confirmation: a deletion of each of the case's entries not deleted yet.</summary>
    public static async Task AppendDeletionsAsync(AegisDbContext db, long caseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.SharedHashes.AsNoTracking().Where(s => s.CaseId == caseId).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        var live = rows.GroupBy(r => r.EntryId, StringComparer.Ordinal).Select(g => g.Last()).Where(r => !r.Deleted).ToList();
        if (live.Count == 0)
        {
            return;
        }

        await LockAsync(db, cancellationToken);
        foreach (var entry in live)
        {
            db.SharedHashes.Add(new SharedHashRow
            {
                EntryId = entry.EntryId, CaseId = caseId, Type = entry.Type, Value = entry.Value, Category = entry.Category, Deleted = true, At = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task LockAsync(AegisDbContext db, CancellationToken cancellationToken)
    {
        if (db is PostgresAegisDbContext)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        }
    }

    /// <summary>The item's hashes, in the order the feed lists them.</summary>
    private static List<(SignalType Type, string Value)> Hashes(ContentRow item) =>
        new (SignalType Type, string? Value)[] { (SignalType.Pdq, item.Pdq), (SignalType.Md5, item.Md5), (SignalType.Sha256, item.Sha256), (SignalType.Vpdq, item.Vpdq) }
            .Where(h => !string.IsNullOrEmpty(h.Value)).Select(h => (h.Type, h.Value!)).ToList();

    /// <summary>
    /// Whether the item came from another exchange: the match that opened its case, a match found later, or one of its own
    /// hashes is an exchange's entry.
    /// </summary>
    private static async Task<bool> FromExchangeAsync(
        AegisDbContext db, CaseRow row, ContentRow item, IReadOnlyList<(SignalType Type, string Value)> hashes, CancellationToken cancellationToken)
    {
        var banks = await db.Exchanges.AsNoTracking().Select(x => x.BankId).Distinct().ToListAsync(cancellationToken);
        if (banks.Count == 0)
        {
            return false;
        }

        if (row.MatchEntryId is { } matched && await db.Entries.AnyAsync(e => e.Id == matched && e.ExchangeId != null, cancellationToken))
        {
            return true;
        }

        if (await db.MatchEvents.Where(m => m.ContentRowId == item.Id)
            .Join(db.Entries, m => m.EntryId, e => e.Id, (m, e) => e).AnyAsync(e => e.ExchangeId != null, cancellationToken))
        {
            return true;
        }

        foreach (var (type, value) in hashes)
        {
            var key = HashValues.Stored(type, value).Key;
            if (await db.Entries.AnyAsync(e => banks.Contains(e.BankId) && e.Type == type && e.Value == key && e.ExchangeId != null, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A new opaque id: 16 random bytes, hex (nothing of the case or the item can be read from it).</summary>
    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
