using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>Most linked items a case's summary lists (the rest page through <see cref="LinksAsync(long, int, int, CancellationToken)"/>).</summary>
    public const int SummaryItems = 100;

    /// <summary>
    /// Restricts what a case's restricted item reaches (<see cref="CaseWorkflow.Reach"/>) inside the caller's transaction:
    /// the graph locked, every change, link, event and held copy's case written with the caller's save.
    /// </summary>
    private async Task ReachAsync(
        AegisDbContext db, Case c, long rootRowId, IReadOnlyCollection<(long RowId, int Distance)> copies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (graph, rows) = await LoadGraphAsync(db, rootRowId, copies, cancellationToken);
        var linked = await LinkedIdsAsync(db, c.Id, cancellationToken);
        var result = CaseWorkflow.Reach(c, graph, linked, _rules);
        foreach (var (contentId, state) in result.Changed)
        {
            (rows[contentId].Status, rows[contentId].Demonetized) = (state.Status, state.Demonetized);
        }

        Link(db, c.Id, result.Links, rows, now);
        EventWriter.Add(db, result.Events, now);
        foreach (var held in result.Held)
        {
            await HoldAsync(db, c, held, rows[held.Content.ContentId].Id, now, cancellationToken);
        }
    }

    /// <summary>The content ids linked to a case.</summary>
    private static async Task<HashSet<string>> LinkedIdsAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken) =>
        (await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == caseId)
            .Join(db.Contents, l => l.ContentRowId, x => x.Id, (l, x) => x.ContentId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    private static void Link(AegisDbContext db, long caseId, IEnumerable<CaseLink> links, IReadOnlyDictionary<string, ContentRow> rows, DateTimeOffset now)
    {
        foreach (var link in links)
        {
            db.CaseLinks.Add(new CaseLinkRow
            {
                CaseId = caseId, ContentRowId = rows[link.ContentId].Id, Kind = link.Kind, Distance = link.Distance, LinkedAt = CaseRow.Millis(now),
            });
        }
    }

    /// <summary>
    /// A dismissed case gives back what it restricted (<see cref="CaseWorkflow.Lift"/>): its linked items, locked, each
    /// restored unless another case that is open or confirmed still holds it (as its item or linked).
    /// </summary>
    private static async Task LiftAsync(AegisDbContext db, Case c, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rowIds = await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == c.Id).Select(l => l.ContentRowId).ToArrayAsync(cancellationToken);
        if (rowIds.Length == 0)
        {
            return;
        }

        var rows = await CaseRows.LockContentsAsync(db, rowIds, cancellationToken);
        var holding = new[] { CaseState.Open, CaseState.AwaitingSecondReview, CaseState.Confirmed, CaseState.ConfirmedByMatch };
        var holders = db.Cases.AsNoTracking().Where(x => x.Id != c.Id && holding.Contains(x.State));
        var heldAsItem = await holders.Where(x => rowIds.Contains(x.ContentRowId)).Select(x => x.ContentRowId).ToListAsync(cancellationToken);
        var heldAsLink = await db.CaseLinks.AsNoTracking().Where(l => rowIds.Contains(l.ContentRowId) && l.CaseId != c.Id)
            .Join(holders, l => l.CaseId, x => x.Id, (l, x) => l.ContentRowId).ToListAsync(cancellationToken);
        var held = heldAsItem.Concat(heldAsLink).ToHashSet();
        var result = CaseWorkflow.Lift(c, [.. rows.Select(r => (CaseRows.State(r), held.Contains(r.Id)))], actor);
        var byId = rows.ToDictionary(r => r.ContentId, StringComparer.Ordinal);
        foreach (var (contentId, state) in result.Changed)
        {
            (byId[contentId].Status, byId[contentId].Demonetized) = (state.Status, state.Demonetized);
        }

        EventWriter.Add(db, result.Events, now);
    }

    /// <summary>The items linked to a case, in the order they were linked, a page at a time.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="offset">Items to skip.</param>
    /// <param name="limit">At most this many (1–1,000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and how many there are in all.</returns>
    /// <exception cref="BankStoreException">No such case.</exception>
    public async Task<(IReadOnlyList<CaseItem> Items, int Total)> LinksAsync(long caseId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        await CheckCaseAsync(db, caseId, cancellationToken);
        return await LinksAsync(db, caseId, Math.Max(0, offset), Math.Clamp(limit, 1, 1000), cancellationToken);
    }

    /// <summary>A page of the items linked to a case, audited (evidence.viewed) in the read's transaction.</summary>
    /// <exception cref="BankStoreException">No such case.</exception>
    public async Task<(IReadOnlyList<CaseItem> Items, int Total)> ViewLinksAsync(
        long caseId, string viewer, int offset, int limit, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var contentId = await CheckCaseAsync(db, caseId, cancellationToken);
        var page = await LinksAsync(db, caseId, Math.Max(0, offset), Math.Clamp(limit, 1, 1000), cancellationToken);
        EventWriter.Add(db, new Core.Events.EvidenceViewed(viewer, caseId, contentId), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return page;
    }

    private static async Task<string> CheckCaseAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => x.ContentId)
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no case {caseId}.");

    private static async Task<(IReadOnlyList<CaseItem> Items, int Total)> LinksAsync(
        AegisDbContext db, long caseId, int offset, int limit, CancellationToken cancellationToken)
    {
        var links = db.CaseLinks.AsNoTracking().Where(l => l.CaseId == caseId);
        var total = await links.CountAsync(cancellationToken);
        var page = await links.OrderBy(l => l.LinkedAt).ThenBy(l => l.ContentRowId).Skip(offset).Take(limit)
            .Join(db.Contents, l => l.ContentRowId, x => x.Id, (l, x) => new CaseItem(x.ContentId, l.Kind, l.Distance, x.UploaderId, x.Status, x.Demonetized, x.Views, x.Shares))
            .ToListAsync(cancellationToken);
        return (page, total);
    }
}

/// <summary>An item linked to a case, as it is now.</summary>
/// <param name="ContentId">The item.</param>
/// <param name="Kind">Reshare, copy, held copy or held upload.</param>
/// <param name="Distance">For a copy: its PDQ distance to the case's item.</param>
/// <param name="UploaderId">Who uploaded it.</param>
/// <param name="Status">Visible, restricted or removed.</param>
/// <param name="Demonetized">Told to stop earning.</param>
/// <param name="Views">Views, as the platform last reported them.</param>
/// <param name="Shares">Shares, likewise.</param>
public sealed record CaseItem(
    string ContentId, CaseLinkKind Kind, int? Distance, string? UploaderId, ContentStatus Status, bool Demonetized, long Views, long Shares);
