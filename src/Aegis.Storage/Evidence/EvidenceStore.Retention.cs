using Aegis.Core.Events;
using Aegis.Core.Evidence;
using Aegis.Core.Input;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class EvidenceStore
{
    /// <summary>Puts a legal hold on an item: it is kept, whatever its retention, until released. Audited (<c>evidence.held</c>).</summary>
    /// <exception cref="BankStoreException">No such item, or no reason.</exception>
    public Task<EvidenceItem> HoldAsync(long evidenceId, string reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(evidenceId, reason, (row, contentId, now) =>
        {
            (row.HoldReason, row.HeldBy, row.HeldAt) = (reason, actor, now.ToUnixTimeMilliseconds());
            return new EvidenceHeld(actor, row.Id, row.CaseId, reason);
        }, cancellationToken);

    /// <summary>Lifts an item's legal hold. Audited (<c>evidence.released</c>).</summary>
    /// <exception cref="BankStoreException">No such item, no reason, or no hold on it.</exception>
    public Task<EvidenceItem> ReleaseAsync(long evidenceId, string reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(evidenceId, reason, (row, contentId, now) =>
        {
            if (row.HoldReason is null)
            {
                throw new BankStoreException(BankStoreError.Conflict, $"Evidence {row.Id} has no hold to release.");
            }

            (row.HoldReason, row.HeldBy, row.HeldAt) = (null, null, null);
            return new EvidenceReleased(actor, row.Id, row.CaseId, reason);
        }, cancellationToken);

    /// <summary>
    /// Extends the retention of preserved items to <paramref name="until"/> at least (never shortens it), e.g. to a year
    /// from the CyberTipline report that names them. Audited for each item whose retention changed.
    /// </summary>
    /// <exception cref="BankStoreException">An item does not exist or is not preserved, or no reason.</exception>
    public async Task<IReadOnlyList<EvidenceItem>> ExtendRetentionAsync(
        IReadOnlyCollection<long> evidenceIds, DateTimeOffset until, string reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidenceIds);
        var results = new List<EvidenceItem>(evidenceIds.Count);
        foreach (var id in evidenceIds.Distinct())
        {
            results.Add(await ChangeAsync(id, reason, (row, contentId, now) =>
            {
                if (row.RetainUntil is not { } current)
                {
                    throw new BankStoreException(BankStoreError.Conflict, $"Evidence {row.Id} is not preserved yet: there is no retention to extend.");
                }

                var extended = EvidenceRetention.Extend(DateTimeOffset.FromUnixTimeMilliseconds(current), until).ToUnixTimeMilliseconds();
                if (extended == current)
                {
                    return null;
                }

                row.RetainUntil = extended;
                return new EvidenceRetentionExtended(actor, row.Id, row.CaseId, DateTimeOffset.FromUnixTimeMilliseconds(extended), reason);
            }, cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// Deletes up to <paramref name="batch"/> preserved items whose retention has passed and that no hold keeps: each
    /// row (and its ciphertext, in the database or the folder) with its audit entry (<c>evidence.deleted</c>). Each item
    /// is re-checked under its lock, so two nodes purging at once delete it once. Returns how many were deleted.
    /// </summary>
    public async Task<int> PurgeAsync(int batch, string actor, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        var nowMillis = now.ToUnixTimeMilliseconds();
        List<long> due;
        await using (var read = store.CreateContext())
        {
            due = await read.Evidence.Where(e => e.State == EvidenceState.Preserved && e.HoldReason == null && e.RetainUntil <= nowMillis)
                .OrderBy(e => e.RetainUntil).Select(e => e.Id).Take(Math.Clamp(batch, 1, 10_000)).ToListAsync(cancellationToken);
        }

        var deleted = 0;
        foreach (var id in due)
        {
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var row = await LockAsync(db, id, cancellationToken);
            if (row is not { State: EvidenceState.Preserved, RetainUntil: { } until } || !EvidenceRetention.MayDelete(DateTimeOffset.FromUnixTimeMilliseconds(until), row.HoldReason is not null, now))
            {
                continue;
            }

            var contentId = await db.Contents.Where(c => c.Id == row.ContentRowId).Select(c => c.ContentId).SingleAsync(cancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM evidence_content WHERE evidence_id = {id}", cancellationToken);
            db.Evidence.Remove(row);
            EventWriter.Add(db, new EvidenceDeleted(actor, id, row.CaseId, contentId, DateTimeOffset.FromUnixTimeMilliseconds(until)), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (row.InFolder && _folder is not null)
            {
                // After the commit: a crash before this leaves a file whose wrapped key is gone with its row (unreadable).
                File.Delete(FilePath(id));
            }

            deleted++;
        }

        return deleted;
    }

    /// <summary>Preserved items wrapped under another key than <paramref name="currentKeyId"/>, for re-wrapping.</summary>
    public async Task<IReadOnlyList<SealedItem>> ReadToRewrapAsync(string currentKeyId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await Items(db).Where(x => x.Row.State == EvidenceState.Preserved && x.Row.KeyId != currentKeyId)
            .OrderBy(x => x.Row.Id).Take(Math.Clamp(limit, 1, 10_000)).ToListAsync(cancellationToken);
        return [.. rows.Select(x => Sealed(x.Row, x.ContentId))];
    }

    /// <summary>
    /// Replaces an item's wrapped data key (its ciphertext and metadata are unchanged); only if it is still wrapped under
    /// <paramref name="oldKeyId"/>, so two nodes re-wrapping at once change it once. True when this call changed it.
    /// </summary>
    public async Task<bool> ReplaceWrappedKeyAsync(long evidenceId, string oldKeyId, string newKeyId, byte[] wrappedKey, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Evidence.Where(e => e.Id == evidenceId && e.KeyId == oldKeyId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.KeyId, newKeyId).SetProperty(e => e.WrappedKey, wrappedKey), cancellationToken) == 1;
    }

    /// <summary>One audited change of one item under its lock; the change returns its event (null: nothing changed).</summary>
    private async Task<EvidenceItem> ChangeAsync(long evidenceId, string reason, Func<EvidenceRow, string, DateTimeOffset, DomainEvent?> change, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new BankStoreException(BankStoreError.Invalid, "reason is required: say why (it is kept in the audit log).");
        }

        if (FreeText.Validate("reason", reason) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await LockAsync(db, evidenceId, cancellationToken) ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no evidence {evidenceId}.");
        var contentId = await db.Contents.Where(c => c.Id == row.ContentRowId).Select(c => c.ContentId).SingleAsync(cancellationToken);
        if (change(row, contentId, now) is { } e)
        {
            EventWriter.Add(db, e, now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ToItem(row, contentId);
    }
}
