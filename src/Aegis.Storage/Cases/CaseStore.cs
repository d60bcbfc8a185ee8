using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// Persists the case workflow (<see cref="CaseWorkflow"/>): each call loads the case and its item for update, applies
/// the workflow's step, and writes the result and its events (webhooks in the outbox, audit entries) in one
/// transaction, so a crash never leaves a change without its event or an event without its change, and two nodes
/// acting on one case at once act one after the other.
/// </summary>
public sealed partial class CaseStore(BankStore store, CaseRules? rules = null)
{
    /// <summary>Most content ids in one report.</summary>
    public const int MaxReportedItems = 100;

    /// <summary>Longest report text.</summary>
    public const int MaxReportTextLength = 10_000;

    private readonly CaseRules _rules = rules ?? CaseRules.Default;

    /// <summary>The rules this store runs the workflow by.</summary>
    public CaseRules Rules => _rules;

    /// <summary>
    /// Takes a report: for each reported item, triage (restrict at once when a child may be harmed), then open a case,
    /// join the open one (on the item or on a copy of it, from <paramref name="copies"/>), or acknowledge.
    /// </summary>
    /// <param name="intake">The report.</param>
    /// <param name="actor">Who sent it, for the audit log (an API key name).</param>
    /// <param name="copies">For each reported content id, the content rows that are copies of it by hash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">The report is not valid.</exception>
    public Task<IReadOnlyList<ReportResult>> ReportAsync(
        ReportIntake intake, string actor, IReadOnlyDictionary<string, IReadOnlyCollection<long>>? copies = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intake);
        Validate(intake);
        return CaseRows.RetryAsync(() => ReportOnceAsync(intake, actor, copies, cancellationToken));
    }

    private async Task<IReadOnlyList<ReportResult>> ReportOnceAsync(
        ReportIntake intake, string actor, IReadOnlyDictionary<string, IReadOnlyCollection<long>>? copies, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var contentIds = intake.ContentIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rowIds = await RecordReportedAsync(db, contentIds, now, cancellationToken);
        var results = new List<ReportResult>(contentIds.Count);
        foreach (var contentId in contentIds)
        {
            var rowId = rowIds[contentId];
            var (open, content) = await LockForReportAsync(db, rowId, copies?.GetValueOrDefault(contentId), cancellationToken);
            var reportId = await CaseRows.NextIdAsync(db, "reports", cancellationToken);
            var newCaseId = open is null ? await CaseRows.NextIdAsync(db, "cases", cancellationToken) : 0;
            var openCase = open?.Row.ToCase(open.ContentId, []); // a report reads no decisions, and writes none
            var step = CaseWorkflow.Report(intake, reportId, actor, CaseRows.State(content), openCase, newCaseId, now, _rules);
            content.Status = step.Content.Status;
            if (step.Case is { } c)
            {
                var row = open?.Row ?? new CaseRow { Id = c.Id, ContentRowId = rowId };
                row.Apply(c);
                if (open is null)
                {
                    db.Cases.Add(row);
                }
            }

            db.Reports.Add(new ReportRow
            {
                Id = reportId,
                ContentRowId = rowId,
                CaseId = step.Case?.Id,
                ReceivedAt = now,
                Category = intake.Category,
                Source = intake.Source,
                ReporterIsSubject = intake.ReporterIsSubject,
                SubjectWasMinor = intake.SubjectWasMinor,
                ReporterId = intake.ReporterId,
                Text = intake.Text,
                Outcome = step.Triage.Action,
                Restricted = step.Triage.Restrict,
            });
            EventWriter.Add(db, step.Events, now);
            await db.SaveChangesAsync(cancellationToken);
            results.Add(new ReportResult(contentId, reportId, step.Case?.Id, step.Triage.Action, step.Triage.Restrict, content.Status, step.Case?.Level ?? step.Triage.Level));
        }

        await transaction.CommitAsync(cancellationToken);
        var asked = intake.ContentIds.Distinct(StringComparer.Ordinal).Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        return [.. results.OrderBy(r => asked[r.ContentId])];
    }

    /// <summary>
    /// The case a report on an item joins (the item's open case, else the first open case of a copy), locked, and then
    /// the item, locked: case first, as everywhere. A case closed between the look-up and the lock is looked up again.
    /// </summary>
    private static async Task<(OpenCase? Open, ContentRow Content)> LockForReportAsync(
        AegisDbContext db, long rowId, IReadOnlyCollection<long>? copyRows, CancellationToken cancellationToken)
    {
        while (true)
        {
            var keys = new List<long?> { rowId };
            keys.AddRange((copyRows ?? []).Select(r => (long?)r));
            var candidates = await db.Cases.AsNoTracking().Where(c => keys.Contains(c.OpenKey))
                .Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new { c.Id, c.OpenKey, x.ContentId }).ToListAsync(cancellationToken);
            var pick = candidates.OrderBy(c => c.OpenKey == rowId ? 0 : 1).ThenBy(c => c.Id).FirstOrDefault();
            OpenCase? open = null;
            if (pick is not null)
            {
                var row = await CaseRows.LockCaseAsync(db, pick.Id, cancellationToken);
                if (row?.OpenKey is null)
                {
                    continue; // decided meanwhile: look again
                }

                open = new OpenCase(row, pick.ContentId);
            }

            var content = (await CaseRows.LockContentsAsync(db, [rowId], cancellationToken)).Single();
            return (open, content);
        }
    }

    private sealed record OpenCase(CaseRow Row, string ContentId);

    /// <summary>
    /// The reported items' row ids. An item reported before (or without) passing the gate is recorded bare, so its status
    /// and case can be tracked.
    /// </summary>
    private static async Task<Dictionary<string, long>> RecordReportedAsync(
        AegisDbContext db, List<string> contentIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.Contents.AsNoTracking().Where(c => contentIds.Contains(c.ContentId))
            .ToDictionaryAsync(c => c.ContentId, c => c.Id, StringComparer.Ordinal, cancellationToken);
        var missing = contentIds.Where(id => !rows.ContainsKey(id)).Select(id =>
            ContentRow.From(new ContentRecord(id, MediaKind.Hashes, null, null, null, null, null, null, null, null, null, Verdict.Allow), 0, now)).ToList();
        if (missing.Count > 0)
        {
            db.Contents.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var row in missing)
            {
                rows[row.ContentId] = row.Id;
                db.Entry(row).State = EntityState.Detached;
            }
        }

        return rows;
    }

    private static void Validate(ReportIntake intake)
    {
        if (intake.ContentIds is not { Count: > 0 } || intake.ContentIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new BankStoreException(BankStoreError.Invalid, "A report names at least one content id, and none may be empty.");
        }

        if (intake.ContentIds.Count > MaxReportedItems || intake.ContentIds.Any(id => id.Length > ContentRecord.MaxIdLength))
        {
            throw new BankStoreException(BankStoreError.Invalid, $"A report names at most {MaxReportedItems} content ids of at most {ContentRecord.MaxIdLength} characters.");
        }

        if (intake.Text is { Length: > MaxReportTextLength } || intake.ReporterId is { Length: > CaseWorkflow.MaxIdLength })
        {
            throw new BankStoreException(BankStoreError.Invalid, $"The report's text is at most {MaxReportTextLength:N0} characters and the reporter id at most {CaseWorkflow.MaxIdLength}.");
        }
    }
}
