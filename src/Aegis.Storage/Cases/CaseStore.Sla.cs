using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>
    /// Escalates every open case past its SLA that is not escalated yet (webhook <c>case.escalated</c>, audit entry), and
    /// returns how many. The due time is stored with the case, so a restart forgets no timer: any node calling this
    /// picks up what is overdue.
    /// </summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);

        // Due times are compared here, not in SQL: SQLite cannot compare the stored timestamps in a query.
        var open = await db.Cases.Where(c => c.OpenKey != null && c.EscalatedAt == null).ToListAsync(cancellationToken);
        var overdue = open.Where(c => c.DueAt <= now).ToList();
        foreach (var row in overdue)
        {
            row.EscalatedAt = now;
            var contentId = await db.Contents.Where(c => c.Id == row.ContentRowId).Select(c => c.ContentId).SingleAsync(cancellationToken);
            Outbox.Add(db, "case.escalated", now, new Dictionary<string, object?>(CaseFields(row, contentId)) { ["reason"] = "SLA passed", ["due_at"] = row.DueAt });
            await db.SaveChangesAsync(cancellationToken);
            await AuditAsync(db, "system", "case.escalated", $"case:{row.Id}", new { reason = "SLA passed", due_at = row.DueAt, level = row.Level.ToString() }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return overdue.Count;
    }

    /// <summary>
    /// Time to restrict and to remove (median and 90th percentile, from the first report) by priority level, and the views
    /// counted after the first report (at removal, or now for cases not removed) over all cases.
    /// </summary>
    public async Task<CaseStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await db.Cases.AsNoTracking()
            .Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new { Case = c, x.Views })
            .ToListAsync(cancellationToken);
        var levels = new List<LevelStats>();
        foreach (var level in Enum.GetValues<PriorityLevel>().Reverse())
        {
            var of = rows.Where(r => r.Case.Level == level).ToList();
            levels.Add(new LevelStats(
                level,
                of.Count,
                Percentiles(of.Where(r => r.Case.RestrictedAt is not null).Select(r => (r.Case.RestrictedAt!.Value - r.Case.OpenedAt).TotalSeconds)),
                Percentiles(of.Where(r => r.Case.RemovedAt is not null).Select(r => (r.Case.RemovedAt!.Value - r.Case.OpenedAt).TotalSeconds))));
        }

        var viewsAfter = rows.Sum(r => Math.Max(0, (r.Case.ViewsAtRemoval ?? r.Views) - r.Case.ViewsAtFirstReport));
        var viewsAfterRestriction = rows.Where(r => r.Case.ViewsAtRestriction is not null)
            .Sum(r => Math.Max(0, (r.Case.ViewsAtRemoval ?? r.Views) - r.Case.ViewsAtRestriction!.Value));
        return new CaseStats(rows.Count, levels, viewsAfter, viewsAfterRestriction);
    }

    private static Percentile? Percentiles(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToArray();
        return sorted.Length == 0
            ? null
            : new Percentile(sorted.Length, sorted[(sorted.Length - 1) / 2], sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.9 * sorted.Length) - 1)]);
    }
}
