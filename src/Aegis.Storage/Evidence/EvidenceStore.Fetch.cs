using Aegis.Core.Events;
using Aegis.Core.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class EvidenceStore
{
    /// <summary>
    /// Items whose bytes are due to be fetched now, the longest due first. A conversation's item is never fetched: Aegis
    /// holds its messages and preserves them itself when its case is confirmed.
    /// </summary>
    public async Task<IReadOnlyList<EvidenceFetch>> ReadDueFetchesAsync(int limit, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        return await db.Evidence.AsNoTracking()
            .Where(e => e.State == EvidenceState.Fetching && e.DueAt != null && e.DueAt <= now)
            .Where(e => !db.Contents.Any(c => c.Id == e.ContentRowId && c.Kind == Core.Content.MediaKind.Conversation))
            .OrderBy(e => e.DueAt).ThenBy(e => e.Id)
            .Take(Math.Clamp(limit, 1, 1000))
            .Join(db.Contents, e => e.ContentRowId, c => c.Id, (e, c) => new EvidenceFetch(e.Id, e.DueAt!.Value, e.CaseId, c.ContentId, c.Kind, e.Attempts))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Takes a fetch until <paramref name="until"/>: its due time moves there, so no other node reads it as due meanwhile.
    /// Succeeds for one caller only (the due time must still be the one it read); a node that dies while fetching leaves
    /// the item to be taken again once the claim runs out.
    /// </summary>
    public async Task<bool> TryClaimFetchAsync(EvidenceFetch fetch, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        var lease = until.ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        return await db.Evidence.Where(e => e.Id == fetch.Id && e.State == EvidenceState.Fetching && e.DueAt == fetch.DueAt)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.DueAt, lease), cancellationToken) == 1;
    }

    /// <summary>A fetch failed and will be tried again at <paramref name="retryAt"/>.</summary>
    public async Task FetchFailedAsync(long evidenceId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        var message = error.Length > 2000 ? error[..2000] : error;
        var due = retryAt.ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        await db.Evidence.Where(e => e.Id == evidenceId && e.State == EvidenceState.Fetching)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, e => e.Attempts + 1).SetProperty(e => e.DueAt, due).SetProperty(e => e.LastError, message), cancellationToken);
    }

    /// <summary>
    /// The bytes cannot be fetched: the item is missing, and the platform is told (<c>evidence.missing</c>) so it can
    /// upload them. False when the item was preserved (or marked missing) meanwhile.
    /// </summary>
    public async Task<bool> MarkMissingAsync(long evidenceId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var message = reason.Length > 2000 ? reason[..2000] : reason;
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await LockAsync(db, evidenceId, cancellationToken);
        if (row is not { State: EvidenceState.Fetching })
        {
            return false;
        }

        var contentId = await db.Contents.Where(c => c.Id == row.ContentRowId).Select(c => c.ContentId).SingleAsync(cancellationToken);
        (row.State, row.DueAt, row.Attempts, row.LastError) = (EvidenceState.Missing, null, row.Attempts + 1, message);
        EventWriter.Add(db, new EvidenceMissing(actor, evidenceId, row.CaseId, contentId, message), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
