using Aegis.Core.Events;
using Aegis.Core.Evidence;
using Aegis.Core.Input;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The evidence vault's persistence: a row per item of a case (<c>evidence</c>), the sealed envelope on it, and the
/// ciphertext in the database (<c>evidence_content</c>, the default) or in a folder (a file named by the row id, written
/// to a temporary name, flushed to disk and renamed). It stores what it is given: encryption is the caller's
/// (<c>Aegis.CyberTip.Evidence</c>); nothing here ever holds plaintext. Every change writes its domain event (audit entry,
/// webhook) in its own transaction. Safe from any number of nodes: claims and deletions are conditional updates.
/// </summary>
/// <param name="store">The database.</param>
/// <param name="folder">Where ciphertexts go; null keeps them in the database.</param>
/// <param name="retentionDays">Days a preserved item is kept at least (<see cref="EvidenceRetention.MinimumDays"/> or more).</param>
public sealed partial class EvidenceStore(BankStore store, string? folder = null, int retentionDays = EvidenceRetention.DefaultDays)
{
    /// <summary>The longest media type kept.</summary>
    public const int MaxMediaTypeLength = 128;

    private readonly string? _folder = folder is null ? null : Path.GetFullPath(folder);

    /// <summary>True when ciphertexts are files in a folder.</summary>
    public bool UsesFolder => _folder is not null;

    /// <summary>The items of a case in the vault, in the order they were added.</summary>
    public async Task<IReadOnlyList<EvidenceItem>> ListAsync(long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        if (!await db.Cases.AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            throw new BankStoreException(BankStoreError.NotFound, $"There is no case {caseId}.");
        }

        return await Items(db).Where(x => x.Row.CaseId == caseId).OrderBy(x => x.Row.Id).Select(x => ToItem(x.Row, x.ContentId)).ToListAsync(cancellationToken);
    }

    /// <summary>One item, or null.</summary>
    public async Task<EvidenceItem?> GetAsync(long evidenceId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await Items(db).Where(x => x.Row.Id == evidenceId).Select(x => ToItem(x.Row, x.ContentId)).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>A preserved item's envelope, or null when there is no such item or it is not preserved.</summary>
    public async Task<SealedItem?> GetSealedAsync(long evidenceId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var found = await Items(db).Where(x => x.Row.Id == evidenceId).SingleOrDefaultAsync(cancellationToken);
        return found is { Row.State: EvidenceState.Preserved } ? Sealed(found.Row, found.ContentId) : null;
    }

    /// <summary>
    /// The item <paramref name="contentId"/> of case <paramref name="caseId"/>, for an upload of its bytes: its row, added
    /// now when the item belongs to the case (its own item, or one reported into it) and has none yet.
    /// </summary>
    /// <exception cref="BankStoreException">No such case, or the item is not one of its items.</exception>
    public async Task<EvidenceItem> ForUploadAsync(long caseId, string contentId, CancellationToken cancellationToken = default)
    {
        if (Identifier.Validate("content_id", contentId) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        return await CaseRows.RetryAsync(async () =>
        {
            await using var db = store.CreateContext();
            var caseRow = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.ContentRowId }).SingleOrDefaultAsync(cancellationToken)
                ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no case {caseId}.");
            var rowId = await db.Contents.AsNoTracking().Where(c => c.ContentId == contentId).Select(c => (long?)c.Id).SingleOrDefaultAsync(cancellationToken);
            if (rowId is { } r && await Items(db).Where(x => x.Row.CaseId == caseId && x.Row.ContentRowId == r).Select(x => ToItem(x.Row, x.ContentId)).SingleOrDefaultAsync(cancellationToken) is { } existing)
            {
                return existing;
            }

            if (rowId is not { } row || (row != caseRow.ContentRowId && !await db.Reports.AnyAsync(x => x.CaseId == caseId && x.ContentRowId == row, cancellationToken)))
            {
                throw new BankStoreException(BankStoreError.NotFound, $"'{contentId}' is not an item of case {caseId} (its own item, or one reported into it).");
            }

            var now = store.Time.GetUtcNow();
            db.Evidence.Add(EvidenceRows.Awaiting(caseId, row, now, now));
            await db.SaveChangesAsync(cancellationToken);
            return (await GetAsync(await db.Evidence.Where(e => e.CaseId == caseId && e.ContentRowId == row).Select(e => e.Id).SingleAsync(cancellationToken), cancellationToken))!;
        });
    }

    /// <summary>The vault's item of <paramref name="contentRowId"/> in case <paramref name="caseId"/>, or null.</summary>
    public async Task<long?> FindAsync(long caseId, long contentRowId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Evidence.Where(e => e.CaseId == caseId && e.ContentRowId == contentRowId).Select(e => (long?)e.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>What the store knows of the item, for the metadata sealed with its bytes.</summary>
    /// <exception cref="BankStoreException">No such item.</exception>
    public async Task<EvidenceFacts> FactsAsync(long evidenceId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var found = await db.Evidence.AsNoTracking().Where(e => e.Id == evidenceId)
            .Join(db.Contents, e => e.ContentRowId, c => c.Id, (e, c) => new { e.CaseId, Content = c })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no evidence {evidenceId}.");
        var rowId = found.Content.Id;
        var reports = await db.Reports.AsNoTracking().Where(r => r.ContentRowId == rowId).OrderBy(r => r.Id)
            .Select(r => new EvidenceReportFact(r.ReceivedAt, r.Category, r.Source, r.ReporterId, r.Text)).ToListAsync(cancellationToken);
        var matches = await db.MatchEvents.AsNoTracking().Where(m => m.ContentRowId == rowId).OrderBy(m => m.Sequence)
            .Select(m => new { m.Bank, m.EntryId, m.Type, m.Distance }).ToListAsync(cancellationToken);
        var caseMatch = await db.Cases.AsNoTracking().Where(c => c.Id == found.CaseId && c.MatchBank != null)
            .Select(c => new { c.MatchBank, c.MatchEntryId, c.MatchSignal, c.MatchDistance }).SingleOrDefaultAsync(cancellationToken);
        var all = matches.Select(m => new EvidenceMatchFact(m.Bank, m.EntryId, m.Type.ToString().ToLowerInvariant(), m.Distance)).ToList();
        if (caseMatch is not null && !all.Any(m => m.EntryId == caseMatch.MatchEntryId))
        {
            all.Insert(0, new EvidenceMatchFact(caseMatch.MatchBank!, caseMatch.MatchEntryId ?? 0, caseMatch.MatchSignal ?? "", caseMatch.MatchDistance ?? 0));
        }

        return new EvidenceFacts(evidenceId, found.CaseId, found.Content.ToRecord(), reports, all);
    }

    /// <summary>Counts of preserved items per master key (for rotation: a key with none may be removed).</summary>
    public async Task<IReadOnlyList<EvidenceKeyCount>> KeyCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var counts = await db.Evidence.Where(e => e.KeyId != null).GroupBy(e => e.KeyId!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new EvidenceKeyCount(c.Key, c.Count))];
    }

    /// <summary>Records that a person or the system read a preserved item (before its bytes go out).</summary>
    public Task RecordViewAsync(EvidenceItem item, string actor, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WriteEventAsync(new EvidenceViewed(actor, item.CaseId, item.ContentId) { EvidenceId = item.Id, Purpose = purpose }, cancellationToken);
    }

    /// <summary>Records that a reviewer revealed a preserved item unblurred in the console (before its bytes go out).</summary>
    public Task RecordRevealAsync(EvidenceItem item, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WriteEventAsync(new EvidenceRevealed(actor, item.CaseId, item.ContentId, item.Id), cancellationToken);
    }

    /// <summary>Records a failed integrity check (nothing was returned).</summary>
    public Task RecordIntegrityFailureAsync(EvidenceItem item, string actor, string problem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WriteEventAsync(new EvidenceIntegrityFailed(actor, item.Id, item.CaseId, problem.Length > 1000 ? problem[..1000] : problem), cancellationToken);
    }

    private async Task WriteEventAsync(DomainEvent e, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        EventWriter.Add(db, e, store.Time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed class RowAndContent
    {
        public required EvidenceRow Row { get; init; }

        public required string ContentId { get; init; }
    }

    private static IQueryable<RowAndContent> Items(AegisDbContext db) =>
        db.Evidence.AsNoTracking().Join(db.Contents, e => e.ContentRowId, c => c.Id, (e, c) => new RowAndContent { Row = e, ContentId = c.ContentId });

    private static EvidenceItem ToItem(EvidenceRow r, string contentId) => new(
        r.Id, r.CaseId, contentId, r.State, r.MediaType, r.Size, At(r.PreservedAt), At(r.RetainUntil),
        r.HoldReason is null ? null : new EvidenceHold(r.HoldReason, r.HeldBy ?? "", At(r.HeldAt) ?? default), r.KeyId, r.Attempts, r.LastError);

    private static SealedItem Sealed(EvidenceRow r, string contentId) =>
        new(ToItem(r, contentId), new EvidenceEnvelope(r.KeyId!, r.WrappedKey!, r.ContentNonce!, r.ContentTag!, r.Metadata!));

    private static DateTimeOffset? At(long? millis) => millis is { } m ? DateTimeOffset.FromUnixTimeMilliseconds(m) : null;
}
