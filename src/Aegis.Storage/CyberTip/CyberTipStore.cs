using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.CyberTip;
using Aegis.Core.Events;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The CyberTipline reports: drafts gathered per reported person (written by the case workflow's own transactions),
/// approval, and the submission saga's state, claimed by one node at a time in the database and kept before and after
/// every call to NCMEC (<see cref="CyberTipSaga"/>).
/// </summary>
public sealed class CyberTipStore(BankStore store)
{
    /// <summary>The report a case is in, or null when the case is not reported (not reportable, or not confirmed yet).</summary>
    public async Task<CyberTipReport?> ForCaseAsync(long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var reportId = await db.CyberTipCases.AsNoTracking().Where(c => c.CaseId == caseId).Select(c => (long?)c.ReportId).SingleOrDefaultAsync(cancellationToken);
        return reportId is { } id ? await GetAsync(db, id, cancellationToken) : null;
    }

    /// <summary>A person's view of the report a case is in, audited (<c>cybertip.viewed</c>) before it is shown; null when there is none.</summary>
    public async Task<CyberTipReport?> ViewAsync(long caseId, string actor, CancellationToken cancellationToken = default)
    {
        if (await ForCaseAsync(caseId, cancellationToken) is not { } report)
        {
            return null;
        }

        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        EventWriter.Add(db, [new CyberTipViewed(actor, report, caseId)], now);
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    /// <summary>A report by its id, or null.</summary>
    public async Task<CyberTipReport?> GetAsync(long reportId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await GetAsync(db, reportId, cancellationToken);
    }

    /// <summary>The XML a report was submitted with (null before it was).</summary>
    public async Task<string?> SubmittedXmlAsync(long reportId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.CyberTipReports.AsNoTracking().Where(r => r.Id == reportId).Select(r => r.SubmittedXml).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The reports in a state (all when null), newest first.</summary>
    public async Task<IReadOnlyList<CyberTipReport>> ListAsync(CyberTipState? state, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await db.CyberTipReports.AsNoTracking().Where(r => state == null || r.State == state).OrderByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        var reports = new List<CyberTipReport>(rows.Count);
        foreach (var row in rows)
        {
            reports.Add(await CyberTipRows.ToReportAsync(db, row, cancellationToken));
        }

        return reports;
    }

    /// <summary>A reviewer approves the submission of the report the case is in (a draft, or a failed report to try again).</summary>
    /// <exception cref="KeyNotFoundException">The case is in no report.</exception>
    /// <exception cref="CyberTipRefusal">The report is already approved, under way or submitted.</exception>
    public Task<CyberTipReport> ApproveAsync(long caseId, string actor, CancellationToken cancellationToken = default) =>
        CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var reportId = await db.CyberTipCases.AsNoTracking().Where(c => c.CaseId == caseId).Select(c => (long?)c.ReportId).SingleOrDefaultAsync(cancellationToken)
                ?? throw new KeyNotFoundException($"Case {caseId} is in no CyberTipline report (it is not confirmed, or not reportable).");
            var row = await LockAsync(db, reportId, cancellationToken);
            var step = CyberTipSaga.Approve(await CyberTipRows.ToReportAsync(db, row, cancellationToken), actor, now);
            CyberTipRows.Apply(row, step.Report);
            EventWriter.Add(db, step.Events, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return step.Report;
        });

    /// <summary>
    /// Reports whose next step is due and that no live node holds, oldest first; with those <paramref name="node"/> holds
    /// (a node restarted under the same id takes back at once what it was doing when it died: it works one report at a time).
    /// </summary>
    public async Task<IReadOnlyList<long>> DueAsync(string node, int limit, CancellationToken cancellationToken = default)
    {
        var now = CaseRow.Millis(store.Time.GetUtcNow());
        await using var db = store.CreateContext();
        return await db.CyberTipReports.AsNoTracking()
            .Where(r => (r.State == CyberTipState.Approved || r.State == CyberTipState.Submitting) && r.NextAttemptAt <= now && (r.ClaimedBy == null || r.ClaimedUntil < now || r.ClaimedBy == node))
            .OrderBy(r => r.NextAttemptAt).Select(r => r.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Claims a report for <paramref name="lease"/> (one conditional update: no other node holds it, or its claim ran
    /// out); returns it, or null when another node holds it.
    /// </summary>
    public async Task<CyberTipReport?> ClaimAsync(long reportId, string node, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        var (nowMs, until) = (CaseRow.Millis(now), CaseRow.Millis(now + lease));
        await using var db = store.CreateContext();
        var claimed = await db.CyberTipReports.Where(r => r.Id == reportId && (r.ClaimedBy == null || r.ClaimedUntil < nowMs || r.ClaimedBy == node))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedBy, node).SetProperty(r => r.ClaimedUntil, until), cancellationToken);
        return claimed == 1 ? await GetAsync(db, reportId, cancellationToken) : null;
    }

    /// <summary>
    /// Keeps a step of the saga (the report, its files, its events) if this node's claim still holds, and renews the
    /// claim; false when the claim was lost (another node took the report over: this node stops at once).
    /// </summary>
    public Task<bool> SaveAsync(CyberTipReport report, IReadOnlyList<DomainEvent> events, string node, TimeSpan lease, string? submittedXml = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(events);
        return CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var row = await LockAsync(db, report.Id, cancellationToken);
            if (row.ClaimedBy != node || row.ClaimedUntil < CaseRow.Millis(now))
            {
                return false;
            }

            CyberTipRows.Apply(row, report);
            row.ClaimedUntil = CaseRow.Millis(now + lease);
            if (submittedXml is not null)
            {
                row.SubmittedXml = submittedXml;
            }

            var files = await db.CyberTipFiles.Where(f => f.ReportId == report.Id).OrderBy(f => f.Position).ToListAsync(cancellationToken);
            if (files.Count != report.Files.Count || files.Where((f, i) => f.EvidenceId != report.Files[i].EvidenceId).Any())
            {
                db.CyberTipFiles.RemoveRange(files);
                await db.SaveChangesAsync(cancellationToken);
                files = [.. report.Files.Select((f, i) => new CyberTipFileRow { ReportId = report.Id, Position = i, EvidenceId = f.EvidenceId, CaseId = f.CaseId, ContentId = f.ContentId })];
                db.CyberTipFiles.AddRange(files);
            }

            for (var i = 0; i < files.Count; i++)
            {
                (files[i].FileId, files[i].Md5, files[i].InfoSent) = (report.Files[i].FileId, report.Files[i].Md5, report.Files[i].InfoSent);
            }

            if (report.State == CyberTipState.Submitted && report.NcmecReportId is { } ncmecId)
            {
                // The hashes the cases banked are tagged with the report that carried them to NCMEC.
                var caseIds = report.CaseIds.Select(c => (long?)c).ToList();
                var list = $"cybertip:{ncmecId}";
                await db.Entries.Where(e => caseIds.Contains(e.CaseId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.List, list), cancellationToken);
            }

            EventWriter.Add(db, events, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }

    /// <summary>Lets go of a claim (the report waits for its next attempt, or is done).</summary>
    public async Task ReleaseAsync(long reportId, string node, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        await db.CyberTipReports.Where(r => r.Id == reportId && r.ClaimedBy == node)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedBy, (string?)null).SetProperty(r => r.ClaimedUntil, 0L), cancellationToken);
    }

    /// <summary>NCMEC's ids of the person's reports submitted before this one (a follow-up cites them).</summary>
    public async Task<IReadOnlyList<long>> EarlierNcmecIdsAsync(string personId, long reportId, CancellationToken cancellationToken = default)
    {
        if (personId.Length == 0)
        {
            return [];
        }

        await using var db = store.CreateContext();
        return await db.CyberTipReports.AsNoTracking()
            .Where(r => r.PersonId == personId && r.Id != reportId && r.State == CyberTipState.Submitted && r.NcmecReportId != null)
            .OrderBy(r => r.Id).Select(r => r.NcmecReportId!.Value).ToListAsync(cancellationToken);
    }

    /// <summary>What the report is built from: each case, its item as the gate recorded it, and the reports made of it.</summary>
    public async Task<IReadOnlyList<CyberTipCaseFacts>> FactsAsync(IReadOnlyList<long> caseIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseIds);
        await using var db = store.CreateContext();
        var facts = new List<CyberTipCaseFacts>(caseIds.Count);
        foreach (var caseId in caseIds)
        {
            var row = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId, cancellationToken);
            var item = await db.Contents.AsNoTracking().SingleAsync(c => c.Id == row.ContentRowId, cancellationToken);
            var c = row.ToCase(item.ContentId, await CaseRows.DecisionsAsync(db, caseId, cancellationToken));
            var reports = await db.Reports.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.Id)
                .Select(r => new CyberTipReportFacts(r.ReceivedAt, r.Category, r.Source, r.ReporterIsSubject, r.SubjectWasMinor, r.ReporterId, r.Text))
                .ToListAsync(cancellationToken);
            facts.Add(new CyberTipCaseFacts(c, item.ToRecord(), item.Views, reports));
        }

        return facts;
    }

    private static async Task<CyberTipReport?> GetAsync(AegisDbContext db, long reportId, CancellationToken cancellationToken)
    {
        var row = await db.CyberTipReports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        return row is null ? null : await CyberTipRows.ToReportAsync(db, row, cancellationToken);
    }

    private static async Task<CyberTipReportRow> LockAsync(AegisDbContext db, long reportId, CancellationToken cancellationToken)
    {
        var rows = db is PostgresAegisDbContext
            ? await db.CyberTipReports.FromSqlInterpolated($"SELECT * FROM cybertip_reports WHERE id = {reportId} FOR UPDATE").ToListAsync(cancellationToken)
            : await db.CyberTipReports.Where(r => r.Id == reportId).ToListAsync(cancellationToken);
        return rows.SingleOrDefault() ?? throw new KeyNotFoundException($"There is no CyberTipline report {reportId}.");
    }
}
