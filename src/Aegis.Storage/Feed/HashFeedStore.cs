using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The hash feed another Aegis subscribes to (docs/exchange-protocol.md): pages of <c>shared_hashes</c> by sequence (rows
/// are appended by <see cref="CaseStore"/> in the decisions' transactions, in commit order), and the feed's signing keys.
/// </summary>
public sealed class HashFeedStore(BankStore store)
{
    /// <summary>The rows after <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public async Task<SharedHashPage> PageAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var db = store.CreateContext();
        var rows = await db.SharedHashes.AsNoTracking().Where(s => s.Sequence > after).OrderBy(s => s.Sequence).Take(limit + 1)
            .ToListAsync(cancellationToken);
        var entries = rows.Take(limit).Select(r => new SharedHash(r.Sequence, r.EntryId, r.Type, r.Value, r.Category, r.Deleted, r.At)).ToList();
        return new SharedHashPage(entries, entries.Count == 0 ? after : entries[^1].Sequence, rows.Count > limit);
    }

    /// <summary>Every signing key, oldest first.</summary>
    public async Task<IReadOnlyList<FeedKey>> KeysAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await db.FeedKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(k => new FeedKey(k.Id, k.KeyId, k.PublicKey, k.SealedPrivateKey, k.SealKeyId, k.CreatedAt, k.ActiveFrom))];
    }

    /// <summary>
    /// Adds a key under its number; false when that number is taken (another node made its key first: read the keys again).
    /// </summary>
    public async Task<bool> AddKeyAsync(FeedKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var db = store.CreateContext();
        db.FeedKeys.Add(new FeedKeyRow
        {
            Id = key.Number, KeyId = key.KeyId, PublicKey = key.PublicKey, SealedPrivateKey = key.SealedPrivateKey, SealKeyId = key.SealKeyId,
            CreatedAt = key.CreatedAt, ActiveFrom = key.ActiveFrom,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            return false;
        }
    }
}
