using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// Reports, cases and decisions. Every change is one transaction with its webhook events (the outbox) and its audit
/// entries, so a crash never leaves a change without its event or an event without its change.
/// </summary>
public sealed partial class CaseStore(BankStore store, SlaPolicy? sla = null, Core.Cascade.CascadeOptions? cascade = null)
{
    private const int Attempts = 3;

    private readonly SlaPolicy _sla = sla ?? SlaPolicy.Default;
    private readonly Core.Cascade.CascadeOptions _cascade = cascade ?? Core.Cascade.CascadeOptions.Default;

    /// <summary>
    /// Takes a report: for each reported item, triage (restrict at once when a child may be harmed), then open a case,
    /// join the open one (on the item or on a copy of it, from <paramref name="copies"/>), or acknowledge.
    /// </summary>
    /// <param name="intake">The report.</param>
    /// <param name="actor">Who sent it, for the audit log (an API key name).</param>
    /// <param name="copies">For each reported content id, the content rows that are copies of it by hash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">The report is not valid.</exception>
    public async Task<IReadOnlyList<ReportResult>> ReportAsync(
        ReportIntake intake, string actor, IReadOnlyDictionary<string, IReadOnlyCollection<long>>? copies = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intake);
        Validate(intake);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReportOnceAsync(intake, actor, copies, cancellationToken);
            }
            catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e) && attempt < Attempts)
            {
                // Another report on the same item opened its case (or created its row) first: this one joins it.
            }
        }
    }

    private async Task<IReadOnlyList<ReportResult>> ReportOnceAsync(
        ReportIntake intake, string actor, IReadOnlyDictionary<string, IReadOnlyCollection<long>>? copies, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var contentIds = intake.ContentIds.Distinct(StringComparer.Ordinal).ToList();
        var contents = await RecordReportedAsync(db, contentIds, now, cancellationToken);
        var results = new List<ReportResult>();
        foreach (var contentId in contentIds)
        {
            var content = contents[contentId];

            var open = await db.Cases.SingleOrDefaultAsync(c => c.OpenKey == content.Id, cancellationToken);
            if (open is null && copies?.GetValueOrDefault(contentId) is { Count: > 0 } copyRows)
            {
                var keys = copyRows.Select(r => (long?)r).ToList();
                open = await db.Cases.Where(c => keys.Contains(c.OpenKey)).OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
            }

            var outcome = TriagePolicy.Triage(intake, content.Status, open is not null);
            var report = new ReportRow
            {
                ContentRowId = content.Id,
                ReceivedAt = now,
                Category = intake.Category,
                Source = intake.Source,
                ReporterIsSubject = intake.ReporterIsSubject,
                SubjectWasMinor = intake.SubjectWasMinor,
                ReporterId = intake.ReporterId,
                Text = intake.Text,
                Outcome = outcome.Action,
                Restricted = outcome.Restrict,
            };
            db.Reports.Add(report);
            if (outcome.Action == TriageAction.Acknowledge)
            {
                await db.SaveChangesAsync(cancellationToken);
                await AuditAsync(db, actor, "report.received", $"content:{contentId}", new { report_id = report.Id, category = intake.Category.ToString(), outcome = "acknowledged: already removed" }, cancellationToken);
                results.Add(new ReportResult(contentId, report.Id, null, outcome.Action, false, content.Status, outcome.Level));
                continue;
            }

            var @case = open ?? OpenCase(db, content, outcome.Level, intake.ChildMayBeHarmed, now);
            if (open is not null)
            {
                var priority = TriagePolicy.Join(new CasePriority(open.Level, open.Reports), outcome.Level);
                if (priority.Level > open.Level)
                {
                    open.DueAt = Min(open.DueAt, _sla.DueAt(now, priority.Level));
                }

                (open.Level, open.Reports) = (priority.Level, priority.Reports);
                open.ChildSafety |= intake.ChildMayBeHarmed;
            }

            if (outcome.Restrict)
            {
                content.Status = ContentStatus.Restricted;
                @case.RestrictedAt ??= now;
                @case.ViewsAtRestriction ??= content.Views;
                @case.SharesAtRestriction ??= content.Shares;
            }

            await db.SaveChangesAsync(cancellationToken);
            report.CaseId = @case.Id;
            if (outcome.Restrict)
            {
                Outbox.Add(db, "content.restricted", now, new Dictionary<string, object?> { ["content_id"] = contentId, ["case_id"] = @case.Id, ["reason"] = outcome.Reason });
            }

            Outbox.Add(db, open is null ? "case.opened" : "case.updated", now, CaseFields(@case, contentId));
            await db.SaveChangesAsync(cancellationToken);
            await AuditAsync(db, actor, "report.received", $"content:{contentId}", new { report_id = report.Id, case_id = @case.Id, category = intake.Category.ToString(), source = intake.Source.ToString(), is_subject = intake.ReporterIsSubject, minor = intake.SubjectWasMinor, level = @case.Level.ToString() }, cancellationToken);
            if (outcome.Restrict)
            {
                await AuditAsync(db, "system", "content.restricted", $"content:{contentId}", new { case_id = @case.Id, reason = outcome.Reason }, cancellationToken);
            }

            results.Add(new ReportResult(contentId, report.Id, @case.Id, outcome.Action, outcome.Restrict, content.Status, @case.Level));
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>
    /// The reported items' rows. An item reported before (or without) passing the gate is recorded bare, so its status
    /// and case can be tracked.
    /// </summary>
    private static async Task<Dictionary<string, ContentRow>> RecordReportedAsync(
        AegisDbContext db, List<string> contentIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.Contents.Where(c => contentIds.Contains(c.ContentId)).ToDictionaryAsync(c => c.ContentId, StringComparer.Ordinal, cancellationToken);
        var missing = contentIds.Where(id => !rows.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var id in missing)
            {
                rows[id] = ContentRow.From(new ContentRecord(id, MediaKind.Hashes, null, null, null, null, null, null, null, null, null, Verdict.Allow), 0, now);
                db.Contents.Add(rows[id]);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return rows;
    }

    private CaseRow OpenCase(AegisDbContext db, ContentRow content, PriorityLevel level, bool childSafety, DateTimeOffset now)
    {
        var row = new CaseRow
        {
            ContentRowId = content.Id,
            OpenKey = content.Id,
            State = CaseState.Open,
            Level = level,
            Reports = 1,
            ChildSafety = childSafety,
            OpenedAt = now,
            DueAt = _sla.DueAt(now, level),
            ViewsAtFirstReport = content.Views,
            SharesAtFirstReport = content.Shares,
        };
        db.Cases.Add(row);
        return row;
    }

    private static Dictionary<string, object?> CaseFields(CaseRow c, string contentId) => new()
    {
        ["case_id"] = c.Id,
        ["content_id"] = contentId,
        ["state"] = c.State,
        ["level"] = c.Level,
        ["reports"] = c.Reports,
    };

    private Task AuditAsync(AegisDbContext db, string actor, string action, string subject, object data, CancellationToken cancellationToken) =>
        AuditLog.AppendAsync(db, store.Time, actor, action, subject, System.Text.Json.JsonSerializer.Serialize(data), cancellationToken);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static void Validate(ReportIntake intake)
    {
        if (intake.ContentIds is not { Count: > 0 } || intake.ContentIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new BankStoreException(BankStoreError.Invalid, "A report names at least one content id, and none may be empty.");
        }

        if (intake.ContentIds.Count > 100 || intake.ContentIds.Any(id => id.Length > ContentRecord.MaxIdLength))
        {
            throw new BankStoreException(BankStoreError.Invalid, $"A report names at most 100 content ids of at most {ContentRecord.MaxIdLength} characters.");
        }

        if (intake.Text is { Length: > 10_000 } || intake.ReporterId is { Length: > 256 })
        {
            throw new BankStoreException(BankStoreError.Invalid, "The report's text is at most 10,000 characters and the reporter id at most 256.");
        }
    }
}
