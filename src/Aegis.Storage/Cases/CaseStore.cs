using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Input;
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
    public const int MaxReportTextLength = FreeText.MaxLength;

    private readonly CaseRules _rules = rules ?? CaseRules.Default;

    /// <summary>
    /// Takes a report: for each reported item, triage (restrict at once when a child may be harmed), then open a case,
    /// join the open one (on the item or on a copy of it, from <paramref name="copies"/>), or acknowledge.
    /// </summary>
    /// <param name="intake">The report.</param>
    /// <param name="actor">Who sent it, for the audit log (an API key name).</param>
    /// <param name="copies">For each reported content id, the content rows that are copies of it by hash, with their distance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">The report is not valid.</exception>
    public async Task<IReadOnlyList<ReportResult>> ReportAsync(
        ReportIntake intake, string actor, IReadOnlyDictionary<string, IReadOnlyCollection<(long RowId, int Distance)>>? copies = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intake);
        Validate(intake);
        return (await ReportManyAsync([new ReportWrite(intake, actor, copies)], cancellationToken))[0];
    }

    /// <summary>
    /// Takes several reports in one transaction, as if one after the other in the given order (a server batches the
    /// reports that arrive together): the same locks, the same results, a fraction of the round trips. Every report is
    /// validated first; a batch holding an invalid one writes nothing.
    /// </summary>
    /// <returns>Each report's results, in the order given.</returns>
    /// <exception cref="BankStoreException">A report is not valid.</exception>
    public Task<IReadOnlyList<IReadOnlyList<ReportResult>>> ReportManyAsync(IReadOnlyList<ReportWrite> reports, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var report in reports)
        {
            Validate(report.Intake);
        }

        return CaseRows.RetryAsync(() => ReportOnceAsync(reports, cancellationToken));
    }

    /// <summary>
    /// The batch, set-based: the items' rows (recording the unseen ones), the open cases they or their copies have, those
    /// cases locked, then the items locked (cases first, as everywhere), ids taken for the new rows, then every report run
    /// through <see cref="CaseWorkflow.Report"/> in order against the state in memory, and one save.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<ReportResult>>> ReportOnceAsync(IReadOnlyList<ReportWrite> reports, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var results = await ReportInAsync(db, reports, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>
    /// The batch's work inside the caller's write transaction (saved, not committed): the message signals open their
    /// cases in the transaction that stores what raised them.
    /// </summary>
    internal async Task<IReadOnlyList<IReadOnlyList<ReportResult>>> ReportInAsync(
        AegisDbContext db, IReadOnlyList<ReportWrite> reports, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contentIds = reports.SelectMany(r => r.Intake.ContentIds).Distinct(StringComparer.Ordinal).ToList();
        var rowIds = await RecordReportedAsync(db, contentIds, now, cancellationToken);

        // The open cases of the items and of their copies, locked; a case closed between the look-up and the lock
        // sends the whole batch round again (RetryAsync), as a conflict does.
        var keys = rowIds.Values.Concat(reports.SelectMany(r => r.Copies?.Values.SelectMany(c => c.Select(x => x.RowId)) ?? [])).Distinct().Select(k => (long?)k).ToList();
        var candidates = await db.Cases.AsNoTracking().Where(c => keys.Contains(c.OpenKey))
            .Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new { c.Id, x.ContentId }).ToListAsync(cancellationToken);
        var caseRows = await CaseRows.LockCasesAsync(db, [.. candidates.Select(c => c.Id)], cancellationToken);
        if (caseRows.Count != candidates.Count || caseRows.Any(c => c.OpenKey is null))
        {
            throw new CaseRows.StaleReadException();
        }

        var contentOf = candidates.ToDictionary(c => c.Id, c => c.ContentId);
        var openByRow = caseRows.ToDictionary(c => c.OpenKey!.Value, c => new OpenCase(c, c.ToCase(contentOf[c.Id], []))); // a report reads no decisions
        var contents = (await CaseRows.LockContentsAsync(db, [.. rowIds.Values], cancellationToken)).ToDictionary(c => c.Id);
        var ids = new CaseRows.IdBlock(db);

        var results = new List<IReadOnlyList<ReportResult>>(reports.Count);
        var reach = new Dictionary<(long CaseId, long RowId), (CaseRow Case, string ContentId, IReadOnlyCollection<(long RowId, int Distance)> Copies)>();
        var evidence = new HashSet<(long, long)>();
        foreach (var report in reports)
        {
            var asked = report.Intake.ContentIds.Distinct(StringComparer.Ordinal).ToList();
            var itemResults = new List<ReportResult>(asked.Count);
            foreach (var contentId in asked)
            {
                var rowId = rowIds[contentId];
                var content = contents[rowId];

                // The item's open case, else the first open case of a copy (by case id).
                var open = openByRow.GetValueOrDefault(rowId)
                    ?? (report.Copies?.GetValueOrDefault(contentId) ?? []).Select(x => x.RowId).Where(openByRow.ContainsKey).Select(r => openByRow[r]).MinBy(o => o.Row.Id);
                var reportId = await ids.NextAsync("reports", cancellationToken);
                var newCaseId = open is null ? await ids.NextAsync("cases", cancellationToken) : 0;
                var step = CaseWorkflow.Report(report.Intake, reportId, report.Actor, CaseRows.State(content), open?.Case, newCaseId, now, _rules);
                content.Status = step.Content.Status;
                if (step.Case is { } c)
                {
                    var row = open?.Row ?? new CaseRow { Id = c.Id, ContentRowId = rowId };
                    row.Apply(c);
                    if (open is null)
                    {
                        db.Cases.Add(row);
                    }

                    openByRow[row.OpenKey!.Value] = new OpenCase(row, c);

                    // The reported item is preserved for its case (18 U.S.C. §2258A): the vault's row, awaiting its bytes,
                    // commits with the case.
                    await EvidenceRows.AwaitOnceAsync(db, evidence, c.Id, rowId, open is null, now, cancellationToken);

                    // Whatever made the case restrict its item (a child may be harmed, the person shown reporting), its
                    // reach follows: from each reported item, the case's own or a copy of it.
                    if (c.Exposure.RestrictedAt is not null && content.Status == Core.Reports.ContentStatus.Restricted)
                    {
                        reach[(c.Id, rowId)] = (row, c.ContentId, report.Copies?.GetValueOrDefault(contentId) ?? []);
                    }
                }

                db.Reports.Add(new ReportRow
                {
                    Id = reportId,
                    ContentRowId = rowId,
                    CaseId = step.Case?.Id,
                    ReceivedAt = now,
                    Category = report.Intake.Category,
                    Source = report.Intake.Source,
                    ReporterIsSubject = report.Intake.ReporterIsSubject,
                    SubjectWasMinor = report.Intake.SubjectWasMinor,
                    ReporterId = report.Intake.ReporterId,
                    Text = report.Intake.Text,
                    Outcome = step.Triage.Action,
                    Restricted = step.Triage.Restrict,
                });
                EventWriter.Add(db, step.Events, now);

                itemResults.Add(new ReportResult(contentId, reportId, step.Case?.Id, step.Triage.Action, step.Triage.Restrict, content.Status, step.Case?.Level ?? step.Triage.Level));
            }

            results.Add(itemResults);
        }

        // Restrict-first reaches every copy: each case whose item is restricted now has its reshares and copies restricted
        // and demonetized in this same transaction, before any answer returns.
        await db.SaveChangesAsync(cancellationToken);
        foreach (var ((_, rowId), (row, caseContentId, copies)) in reach)
        {
            await ReachAsync(db, row.ToCase(caseContentId, []), rowId, copies, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken); // its links, before the next reach of the same case reads them
        }

        for (var i = 0; i < reports.Count; i++)
        {
            if (reports[i].Protect is { } found)
            {
                await ProtectStore.AttachAsync(db, found, results[i].Select(r => r.CaseId).FirstOrDefault(c => c is not null), now, cancellationToken);
            }
        }

        return results;
    }

    /// <summary>An open case in a report batch: its row (tracked) and the workflow's view of it.</summary>
    private sealed record OpenCase(CaseRow Row, Case Case);

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

    /// <summary>Refuses a report the store would refuse, before it is queued or written.</summary>
    /// <exception cref="BankStoreException">It is not valid (the message names the field).</exception>
    public static void Validate(ReportIntake intake)
    {
        ArgumentNullException.ThrowIfNull(intake);
        if (intake.ContentIds is not { Count: > 0 })
        {
            throw new BankStoreException(BankStoreError.Invalid, "A report names at least one content id, and none may be empty.");
        }

        if (intake.ContentIds.Count > MaxReportedItems)
        {
            throw new BankStoreException(BankStoreError.Invalid, $"A report names at most {MaxReportedItems} content ids; got {intake.ContentIds.Count}.");
        }

        var invalid = intake.ContentIds.Select((id, i) => Identifier.Validate($"content_ids[{i}]", id)).FirstOrDefault(e => e is not null)
            ?? Identifier.ValidateOptional("reporter_id", intake.ReporterId)
            ?? FreeText.Validate("text", intake.Text, MaxReportTextLength);
        if (invalid is not null)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }
    }
}
