using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>The queue: open cases (and those awaiting a second review) most urgent first, or every case of a state.</summary>
    /// <remarks>Three queries whatever the length: the cases with their items, then all their decisions at once.</remarks>
    public async Task<IReadOnlyList<CaseSummary>> ListAsync(CaseState? state = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var query = db.Cases.AsNoTracking();
        query = state is { } s ? query.Where(c => c.State == s) : query.Where(c => c.OpenKey != null);
        var rows = await query.OrderByDescending(c => c.Level).ThenByDescending(c => c.Reports).ThenBy(c => c.Id)
            .Take(Math.Clamp(limit, 1, 1000))
            .Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new { Case = c, x.ContentId, x.Status })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Case.Id).ToList();
        var decisions = (await db.Decisions.AsNoTracking().Where(d => ids.Contains(d.CaseId)).OrderBy(d => d.Id).ToListAsync(cancellationToken))
            .ToLookup(d => d.CaseId, d => d.ToDecision());
        var now = store.Time.GetUtcNow();
        return [.. rows.Select(r => CaseSummary.From(r.Case.ToCase(r.ContentId, [.. decisions[r.Case.Id]]), r.Status, now))];
    }

    /// <summary>One case with its decisions, or null (not audited: a person's view goes through <see cref="ViewAsync"/>).</summary>
    public async Task<CaseSummary?> GetAsync(long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await GetAsync(db, caseId, cancellationToken);
    }

    /// <summary>One case with its decisions, its linked items (the first <see cref="SummaryItems"/>) and its exposure alerts.</summary>
    private async Task<CaseSummary?> GetAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new { Case = c, x.ContentId, x.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var (items, total) = await LinksAsync(db, caseId, 0, SummaryItems, cancellationToken);
        var rowIds = db.CaseLinks.Where(l => l.CaseId == caseId).Select(l => l.ContentRowId);
        var rootRow = found.Case.ContentRowId;
        var alerts = await db.ExposureAlerts.AsNoTracking().Where(a => a.ContentRowId == rootRow || rowIds.Contains(a.ContentRowId))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(SummaryItems)
            .Join(db.Contents, a => a.ContentRowId, x => x.Id, (a, x) => new { a, x.ContentId })
            .ToListAsync(cancellationToken);
        var summary = CaseSummary.From(found.Case.ToCase(found.ContentId, await CaseRows.DecisionsAsync(db, caseId, cancellationToken)), found.Status, store.Time.GetUtcNow());
        var missing = await db.Evidence.AsNoTracking().Where(e => e.CaseId == caseId && e.State == Core.Evidence.EvidenceState.Missing).OrderBy(e => e.Id)
            .Join(db.Contents, e => e.ContentRowId, x => x.Id, (e, x) => x.ContentId).ToListAsync(cancellationToken);
        return summary with
        {
            EvidenceMissing = missing,
            LinkedItemsTotal = total,
            LinkedItems = items,
            ExposureAlerts = [.. alerts.Select(x => new ExposureAlert(x.ContentId, CaseRow.Time(x.a.At), x.a.Views, x.a.Shares, x.a.ViewsBefore, x.a.SharesBefore))],
        };
    }

    /// <summary>Records the platform's view and share counts for an item (counts only grow: a lower count is ignored).</summary>
    /// <exception cref="BankStoreException">No such item, or a count out of range (below 0 or above <see cref="CaseExposure.MaxCount"/>).</exception>
    /// <returns>True when the counts rose for an item the platform was told to restrict or remove, and an alert was raised
    /// (<see cref="CaseWorkflow.ReportExposure"/>).</returns>
    public async Task<bool> RecordExposureAsync(string contentId, long views, long shares, CancellationToken cancellationToken = default)
    {
        if (CaseExposure.Validate(views, shares) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        // A visible item's counts in one statement; an item the platform was told to restrict or remove goes the long way.
        await using (var db = store.CreateContext())
        {
            var visible = await db.Contents.Where(c => c.ContentId == contentId && c.Status == ContentStatus.Visible).ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Views, c => c.Views > views ? c.Views : views).SetProperty(c => c.Shares, c => c.Shares > shares ? c.Shares : shares),
                cancellationToken);
            if (visible == 1)
            {
                return false;
            }
        }

        return await CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var rowId = await db.Contents.AsNoTracking().Where(c => c.ContentId == contentId).Select(c => (long?)c.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw NoContent(contentId);
            var row = (await CaseRows.LockContentsAsync(db, [rowId], cancellationToken)).Single();
            var lastAlert = await db.ExposureAlerts.AsNoTracking().Where(a => a.ContentRowId == rowId).MaxAsync(a => (long?)a.At, cancellationToken);
            var linkedTo = db.CaseLinks.Where(l => l.ContentRowId == rowId).Select(l => l.CaseId);
            var caseIds = await db.Cases.AsNoTracking().Where(c => c.ContentRowId == rowId || linkedTo.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
            var (after, alert) = CaseWorkflow.ReportExposure(CaseRows.State(row), views, shares, CaseRow.Time(lastAlert), caseIds, now);
            (row.Views, row.Shares) = (after.Views, after.Shares);
            if (alert is not null)
            {
                db.ExposureAlerts.Add(new ExposureAlertRow
                {
                    ContentRowId = rowId, At = CaseRow.Millis(now), Views = alert.Views, Shares = alert.Shares, ViewsBefore = alert.ViewsBefore, SharesBefore = alert.SharesBefore,
                });
                EventWriter.Add(db, alert, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return alert is not null;
        });
    }

    /// <summary>
    /// Sets an item's view and share counts to exactly these, lower ones too, and caps the counts its cases recorded at
    /// them (<see cref="CaseWorkflow.CorrectExposure"/>), audited and told to the platform, in one transaction: the item's
    /// cases locked, then the item.
    /// </summary>
    /// <returns>The item as it now is.</returns>
    /// <exception cref="BankStoreException">No such item, a count out of range, or no reason.</exception>
    public Task<ContentDetails> CorrectExposureAsync(
        string contentId, long views, long shares, string reason, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseWorkflow.ValidateCorrection(views, shares, reason) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        return CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var rowId = await db.Contents.AsNoTracking().Where(c => c.ContentId == contentId).Select(c => (long?)c.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw NoContent(contentId);
            var caseIds = await db.Cases.AsNoTracking().Where(c => c.ContentRowId == rowId).Select(c => c.Id).ToArrayAsync(cancellationToken);
            var caseRows = await CaseRows.LockCasesAsync(db, caseIds, cancellationToken);
            var content = (await CaseRows.LockContentsAsync(db, [rowId], cancellationToken)).Single();

            // A case opened between the look-up and the item's lock would be left out: go round again. None can open now
            // (a report locks the item first).
            if (await db.Cases.CountAsync(c => c.ContentRowId == rowId, cancellationToken) != caseIds.Length)
            {
                throw new CaseRows.StaleReadException();
            }

            var step = CaseWorkflow.CorrectExposure(
                CaseRows.State(content), [.. caseRows.Select(r => r.ToCase(content.ContentId, []))], views, shares, reason, actor);
            if (step.Refusal is { } refusal)
            {
                throw new BankStoreException(BankStoreError.Invalid, refusal.Message);
            }

            (content.Views, content.Shares) = (step.Content.Views, step.Content.Shares);
            var rows = caseRows.ToDictionary(r => r.Id);
            foreach (var c in step.Cases)
            {
                rows[c.Id].Apply(c);
            }

            EventWriter.Add(db, step.Events, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ContentDetails(content.ToRecord(), content.Status, content.Views, content.Shares, content.Demonetized);
        });
    }

    private static BankStoreException NoContent(string contentId) =>
        new(BankStoreError.NotFound, $"No content with id '{contentId}' was recorded.");

    /// <summary>
    /// Time to restrict and to remove (median and 90th percentile, from the first report) by priority level, and the views
    /// counted after the first report (at removal, or now for cases not removed) over all cases. Computed in SQL: the
    /// counts and sums in one grouped query, each percentile as one ordered, offset read of one level's durations.
    /// </summary>
    public async Task<CaseStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var totals = await db.Database.SqlQueryRaw<StatsRow>(StatsSql).ToListAsync(cancellationToken);
        var levels = new List<LevelStats>();
        foreach (var level in Enum.GetValues<PriorityLevel>().Reverse())
        {
            var row = totals.SingleOrDefault(t => t.Level == (int)level);
            levels.Add(new LevelStats(
                level,
                (int)(row?.Cases ?? 0),
                await PercentileAsync(db, level, NthRestrictSql, (int)(row?.Restricted ?? 0), cancellationToken),
                await PercentileAsync(db, level, NthRemoveSql, (int)(row?.Removed ?? 0), cancellationToken)));
        }

        return new CaseStats(
            (int)totals.Sum(t => t.Cases), levels, Saturate(totals.Sum(t => t.ViewsAfterFirstReport)), Saturate(totals.Sum(t => t.ViewsAfterRestriction)));
    }

    /// <summary>
    /// Per level: cases, restricted, removed, and views after the first report and after restriction (never negative).
    /// The views are summed as double precision on both databases, which neither overflows (a bigint SUM is an
    /// "integer overflow" error on SQLite and a numeric that will not cast back on PostgreSQL) nor loses anything below
    /// 2^53 (9·10^15); each count is first made a double, so even rows written before counts were checked (any 64-bit
    /// value, negative ones too) cannot overflow the subtraction. <see cref="Saturate"/> brings the sums back to 64 bits.
    /// </summary>
    private const string StatsSql = """
        SELECT v.level AS "Level", COUNT(*) AS "Cases",
               COUNT(v.restricted_at) AS "Restricted", COUNT(v.removed_at) AS "Removed",
               COALESCE(SUM(CASE WHEN v.seen > v.at_report THEN v.seen - v.at_report ELSE 0.0 END), 0.0) AS "ViewsAfterFirstReport",
               COALESCE(SUM(CASE WHEN v.at_restriction IS NOT NULL AND v.seen > v.at_restriction THEN v.seen - v.at_restriction ELSE 0.0 END), 0.0) AS "ViewsAfterRestriction"
        FROM (SELECT c.level, c.restricted_at, c.removed_at,
                     CAST(COALESCE(c.views_at_removal, x.views) AS DOUBLE PRECISION) AS seen,
                     CAST(c.views_at_first_report AS DOUBLE PRECISION) AS at_report,
                     CAST(c.views_at_restriction AS DOUBLE PRECISION) AS at_restriction
              FROM cases c JOIN contents x ON x.id = c.content_row_id) v
        GROUP BY v.level
        """;

    /// <summary>A sum of counts as a 64-bit count: at most <see cref="long.MaxValue"/>, never negative.</summary>
    private static long Saturate(double sum) => sum >= 9.2233720368547758E18 ? long.MaxValue : sum <= 0 ? 0 : (long)sum;

    private static async Task<Percentile?> PercentileAsync(AegisDbContext db, PriorityLevel level, string nthSql, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return null;
        }

        // The same ranks as before: the median is the lower middle value, the 90th percentile the ceil(0.9 n)-th.
        var median = await NthAsync(db, level, nthSql, (count - 1) / 2, cancellationToken);
        var p90 = await NthAsync(db, level, nthSql, Math.Min(count - 1, (int)Math.Ceiling(0.9 * count) - 1), cancellationToken);
        return new Percentile(count, median / 1000.0, p90 / 1000.0);
    }

    /// <summary>The <paramref name="offset"/>-th smallest duration of a level, by <paramref name="nthSql"/> (one of the two below).</summary>
    private static Task<long> NthAsync(AegisDbContext db, PriorityLevel level, string nthSql, int offset, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<long>(nthSql, (int)level, offset).SingleAsync(cancellationToken);

    private const string NthRestrictSql =
        "SELECT restricted_at - opened_at AS \"Value\" FROM cases WHERE level = {0} AND restricted_at IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET {1}";

    private const string NthRemoveSql =
        "SELECT removed_at - opened_at AS \"Value\" FROM cases WHERE level = {0} AND removed_at IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET {1}";

    /// <summary>One level's row of <see cref="StatsSql"/>.</summary>
    private sealed record StatsRow(int Level, long Cases, long Restricted, long Removed, double ViewsAfterFirstReport, double ViewsAfterRestriction);
}
