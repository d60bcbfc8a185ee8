using System.Data;
using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Evidence;
using Aegis.Matching.Banks;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>Most reports, reshares, copies and exposure alerts a dossier lists (each list gives its total).</summary>
    public const int DossierItems = 500;

    /// <summary>Most of the uploader's other items a dossier lists, newest first.</summary>
    public const int DossierUploaderItems = 100;

    /// <summary>Most audit entries a dossier's timeline lists, oldest first.</summary>
    public const int DossierTimelineEntries = 1000;

    /// <summary>
    /// Everything that bears on a case's decision (<see cref="CaseDossier"/>), read from one snapshot (PostgreSQL: one
    /// repeatable-read transaction) in at most 23 queries whatever the case's size (13 for most), and audited as a view of its
    /// evidence (<c>evidence.viewed</c>, one entry a view) in the same transaction, as <see cref="ViewAsync"/> is: no view
    /// goes unrecorded.
    /// </summary>
    /// <returns>The dossier, or null when there is no such case (nothing is audited then).</returns>
    public async Task<CaseDossier?> DossierAsync(long caseId, string viewer, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = db is PostgresAegisDbContext
            ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
            : await BankStore.BeginWriteAsync(db, cancellationToken); // as ViewAsync: the view's entry is written after the reads
        var found = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new { Case = c, Item = x })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var (row, item) = (found.Case, found.Item);
        var c = row.ToCase(item.ContentId, await CaseRows.DecisionsAsync(db, caseId, cancellationToken));
        var evidence = await EvidenceAsync(db, caseId, cancellationToken);
        var cyberTip = await CyberTipAsync(db, caseId, cancellationToken);
        var dossier = new CaseDossier(
            CaseSummary.From(c, item.Status, now) with
            {
                EvidenceMissing = [.. evidence.Where(e => e.State == EvidenceState.Missing).Select(e => e.ContentId)],
            },
            CaseSentence.For(c, now),
            new DossierItem(item.ContentId, item.Kind, item.UploaderId, item.UploadedAt, item.ParentContentId, item.Verdict, item.Status, item.Demonetized, item.Views, item.Shares),
            await ReportsAsync(db, caseId, cancellationToken),
            await MatchesAsync(db, c, item.Id, cancellationToken),
            await ResharesAsync(db, item, cancellationToken),
            await CopiesAsync(db, caseId, cancellationToken),
            await ExposureAsync(db, c, item, now, cancellationToken),
            item.UploaderId is { } uploader ? await UploaderAsync(db, uploader, item.Id, cancellationToken) : null,
            await TimelineAsync(db, caseId, item, evidence, cyberTip, cancellationToken),
            cyberTip,
            evidence);

        EventWriter.Add(db, new EvidenceViewed(viewer, caseId, item.ContentId), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return dossier;
    }

    /// <summary>The first <paramref name="take"/> of a list, and the total: counted only when the list is longer than that.</summary>
    private static async Task<DossierList<T>> ListAsync<T>(IQueryable<T> ordered, int take, CancellationToken cancellationToken)
    {
        var items = await ordered.Take(take).ToListAsync(cancellationToken);
        return new DossierList<T>(items.Count < take ? items.Count : await ordered.CountAsync(cancellationToken), items);
    }

    private static Task<DossierList<DossierReport>> ReportsAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken) =>
        ListAsync(
            db.Reports.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.Id)
                .Join(db.Contents, r => r.ContentRowId, x => x.Id, (r, x) => new DossierReport(
                    r.Id, x.ContentId, r.ReceivedAt, r.Category, r.Source, r.ReporterId, r.ReporterIsSubject, r.SubjectWasMinor, r.Text, r.Outcome, r.Restricted)),
            DossierItems,
            cancellationToken);

    /// <summary>The gate's match (kept on the case, with its video frame), then the matches found later, oldest first.</summary>
    private static async Task<IReadOnlyList<DossierMatch>> MatchesAsync(AegisDbContext db, Case c, long rowId, CancellationToken cancellationToken)
    {
        var matches = new List<DossierMatch>();
        var found = await db.MatchEvents.AsNoTracking().Where(e => e.ContentRowId == rowId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var entryIds = found.Select(e => e.EntryId).Append(c.Match?.EntryId ?? 0).Where(id => id != 0).Distinct().ToList();
        var entries = entryIds.Count == 0 ? [] : await db.Entries.AsNoTracking().Where(e => entryIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        if (c.Match is { } m)
        {
            var action = c.Origin switch { CaseOrigin.GateBlock => BankAction.Block, CaseOrigin.GateHold => BankAction.Hold, _ => (BankAction?)null };
            matches.Add(new DossierMatch(
                m.Bank, m.EntryId, m.Source, m.SignalType, m.Distance, action, AtGate: true, c.OpenedAt, m.Frame, m.FrameSeconds, MatchProvenance.From(entries.GetValueOrDefault(m.EntryId)?.Source())));
        }

        matches.AddRange(found.Where(e => c.Match?.EntryId != e.EntryId).Select(e => new DossierMatch(
            e.Bank, e.EntryId, entries.GetValueOrDefault(e.EntryId) is { } row ? row.List ?? (row.CaseId is { } id ? $"case:{id}" : null) : null, e.Type.ToString().ToLowerInvariant(), e.Distance, e.Action, AtGate: false, e.DetectedAt,
            Provenance: MatchProvenance.From(entries.GetValueOrDefault(e.EntryId)?.Source()))));
        return matches;
    }

    /// <summary>
    /// The item's reshares by parent link, any depth, in one recursive query (both databases): <c>UNION</c> keeps each item
    /// once, so a cycle of parent ids (the platform's data) ends; the first <see cref="DossierItems"/> in the order the
    /// query reaches them, level by level, are read, and the whole tree is counted only when there are more.
    /// </summary>
    private static async Task<DossierList<ReshareNode>> ResharesAsync(AegisDbContext db, ContentRow root, CancellationToken cancellationToken)
    {
        const string Tree = """
            WITH RECURSIVE tree(id, content_id) AS (
                SELECT id, content_id FROM contents WHERE id = {0}
                UNION
                SELECT c.id, c.content_id FROM contents c JOIN tree t ON c.parent_content_id = t.content_id
            )
            """;
        var rows = await db.Contents.FromSqlRaw(Tree + " SELECT x.* FROM contents x WHERE x.id IN (SELECT id FROM tree WHERE id <> {0} LIMIT {1})", root.Id, DossierItems)
            .AsNoTracking().ToListAsync(cancellationToken);
        var total = rows.Count < DossierItems
            ? rows.Count
            : (await db.Database.SqlQueryRaw<int>(Tree + " SELECT CAST(COUNT(*) - 1 AS INTEGER) AS \"Value\" FROM tree", root.Id).ToListAsync(cancellationToken)).Single();

        // Depths from the parent links: every node read came from its parent (the root, or a node read before it).
        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [root.ContentId] = 0 };
        var byId = rows.ToDictionary(r => r.ContentId, StringComparer.Ordinal);
        int DepthOf(ContentRow r)
        {
            var chain = new Stack<ContentRow>();
            for (ContentRow? at = r; at is not null && !depth.ContainsKey(at.ContentId); at = byId.GetValueOrDefault(at.ParentContentId!))
            {
                chain.Push(at);
            }

            while (chain.TryPop(out var next))
            {
                depth[next.ContentId] = depth.GetValueOrDefault(next.ParentContentId!) + 1; // a parent not read (never expected) counts as the root
            }

            return depth[r.ContentId];
        }

        var nodes = rows.Select(r => new ReshareNode(r.ContentId, r.ParentContentId!, DepthOf(r), r.UploaderId, r.Status, r.Demonetized, r.Views, r.Shares))
            .OrderBy(n => n.Depth).ThenBy(n => n.ParentContentId, StringComparer.Ordinal).ThenBy(n => n.ContentId, StringComparer.Ordinal).ToList();
        return new DossierList<ReshareNode>(total, nodes);
    }

    private static Task<DossierList<DossierCopy>> CopiesAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken)
    {
        CaseLinkKind[] kinds = [CaseLinkKind.Copy, CaseLinkKind.HeldCopy];
        return ListAsync(
            db.CaseLinks.AsNoTracking().Where(l => l.CaseId == caseId && kinds.Contains(l.Kind)).OrderBy(l => l.Distance).ThenBy(l => l.ContentRowId)
                .Join(db.Contents, l => l.ContentRowId, x => x.Id, (l, x) => new DossierCopy(
                    x.ContentId, l.Kind, l.Distance, x.UploaderId, x.Status, x.Demonetized, x.Views, x.Shares,
                    db.Cases.Where(k => k.ContentRowId == x.Id).OrderByDescending(k => k.Id).Select(k => (long?)k.Id).FirstOrDefault(),
                    db.Cases.Where(k => k.ContentRowId == x.Id).OrderByDescending(k => k.Id).Select(k => (CaseState?)k.State).FirstOrDefault())),
            DossierItems,
            cancellationToken);
    }

    private static async Task<DossierExposure> ExposureAsync(AegisDbContext db, Case c, ContentRow item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var e = c.Exposure;
        var caseId = c.Id;
        var rowId = item.Id;
        var linked = db.CaseLinks.Where(l => l.CaseId == caseId && l.ContentRowId != rowId).Select(l => l.ContentRowId);
        var alerts = await ListAsync(
            db.ExposureAlerts.AsNoTracking().Where(a => a.ContentRowId == rowId)
                .Concat(db.ExposureAlerts.AsNoTracking().Where(a => linked.Contains(a.ContentRowId))) // not an OR: each side on its index
                .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
                .Join(db.Contents, a => a.ContentRowId, x => x.Id, (a, x) => new ExposureAlert(x.ContentId, CaseRow.Time(a.At), a.Views, a.Shares, a.ViewsBefore, a.SharesBefore)),
            DossierItems,
            cancellationToken);
        return new DossierExposure(
            new ExposureCount(c.OpenedAt, e.ViewsAtFirstReport, e.SharesAtFirstReport),
            e.RestrictedAt is { } restricted ? new ExposureCount(restricted, e.ViewsAtRestriction ?? 0, e.SharesAtRestriction) : null,
            e.RemovedAt is { } removed ? new ExposureCount(removed, e.ViewsAtRemoval ?? 0, e.SharesAtRemoval) : null,
            new ExposureCount(now, item.Views, item.Shares),
            alerts);
    }

    /// <summary>The uploader's other items (newest first) with their cases, and their suspension: three queries.</summary>
    private static async Task<DossierUploader> UploaderAsync(AegisDbContext db, string uploader, long rowId, CancellationToken cancellationToken)
    {
        var items = await ListAsync(
            db.Contents.AsNoTracking().Where(x => x.UploaderId == uploader && x.Id != rowId).OrderByDescending(x => x.Id)
                .Select(x => new { x.Id, x.ContentId, x.Kind, x.UploadedAt, x.RecordedAt, x.Verdict, x.Status }),
            DossierUploaderItems,
            cancellationToken);
        var rowIds = items.Items.Select(i => i.Id).ToList();
        var cases = (await db.Cases.AsNoTracking().Where(k => rowIds.Contains(k.ContentRowId)).OrderBy(k => k.Id)
            .Select(k => new { k.ContentRowId, Case = new UploaderCase(k.Id, k.State, k.Level, k.Origin) }).ToListAsync(cancellationToken))
            .ToLookup(k => k.ContentRowId, k => k.Case);
        var suspension = await db.SuspendedAccounts.AsNoTracking().Where(a => a.AccountId == uploader)
            .Select(a => new { a.CaseId, a.SuspendedAt, a.ChildSafety, a.Reason }).SingleOrDefaultAsync(cancellationToken);
        return new DossierUploader(
            uploader,
            suspension is null ? null : new AccountSuspension(suspension.CaseId, CaseRow.Time(suspension.SuspendedAt), suspension.ChildSafety, suspension.Reason),
            new DossierList<UploaderItem>(items.Total, [.. items.Items.Select(i => new UploaderItem(i.ContentId, i.Kind, i.UploadedAt ?? i.RecordedAt, i.Verdict, i.Status, [.. cases[i.Id]]))]));
    }

    /// <summary>
    /// The audit entries about the case, its item, its linked items, its uploader, its evidence and its CyberTipline
    /// report, oldest first (in the order they were written, which the audit chain keeps): one query on the log's subject
    /// index, the linked items' subjects from a subquery.
    /// </summary>
    private static async Task<DossierList<TimelineEntry>> TimelineAsync(
        AegisDbContext db, long caseId, ContentRow item, IReadOnlyList<DossierEvidence> evidence, DossierCyberTip? cyberTip, CancellationToken cancellationToken)
    {
        List<string> subjects =
        [
            $"case:{caseId}",
            $"content:{item.ContentId}",
            .. evidence.Select(e => $"evidence:{e.Id}"),
        ];
        if (item.UploaderId is { } uploader)
        {
            subjects.Add($"account:{uploader}");
        }

        if (cyberTip is not null)
        {
            subjects.Add($"cybertip:{cyberTip.ReportId}");
        }

        // Two sides joined, not an OR: PostgreSQL would read the whole log in id order to filter an OR with a subquery
        // (measured: 3 s on 2M entries, against 1 ms). The sides never meet: the case's own item is never linked.
        var rowId = item.Id;
        var linked = db.CaseLinks.Where(l => l.CaseId == caseId && l.ContentRowId != rowId)
            .Join(db.Contents, l => l.ContentRowId, x => x.Id, (l, x) => "content:" + x.ContentId);
        var entries = await ListAsync(
            db.AuditLog.AsNoTracking().Where(a => subjects.Contains(a.Subject))
                .Concat(db.AuditLog.AsNoTracking().Where(a => linked.Contains(a.Subject)))
                .OrderBy(a => a.Id)
                .Select(a => new { a.At, a.Actor, a.Action, a.Subject, a.Data, a.Sequence }),
            DossierTimelineEntries,
            cancellationToken);
        return new DossierList<TimelineEntry>(
            entries.Total, [.. entries.Items.Select(a => new TimelineEntry(a.At, a.Actor, a.Action, a.Subject, AuditSummary.Describe(a.Action, a.Data), a.Sequence))]);
    }

    private static async Task<IReadOnlyList<DossierEvidence>> EvidenceAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken)
    {
        var rows = await db.Evidence.AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Id)
            .Join(db.Contents, e => e.ContentRowId, x => x.Id, (e, x) => new
            {
                e.Id, x.ContentId, x.Kind, e.State, e.MediaType, e.Size, e.PreservedAt, e.RetainUntil, e.HoldReason, e.HeldBy, e.HeldAt,
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(e => new DossierEvidence(
            e.Id, e.ContentId, e.Kind, e.State, e.MediaType, e.Size, CaseRow.Time(e.PreservedAt), CaseRow.Time(e.RetainUntil),
            e.HoldReason is null ? null : new EvidenceHold(e.HoldReason, e.HeldBy ?? "", CaseRow.Time(e.HeldAt ?? 0))))];
    }

    private static async Task<DossierCyberTip?> CyberTipAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken)
    {
        var reportId = await db.CyberTipCases.AsNoTracking().Where(x => x.CaseId == caseId).Select(x => (long?)x.ReportId).SingleOrDefaultAsync(cancellationToken);
        var row = reportId is { } id ? await db.CyberTipReports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) : null;
        return row is null ? null : DossierCyberTip.From(await CyberTipRows.ToReportAsync(db, row, cancellationToken));
    }
}
