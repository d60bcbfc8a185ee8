using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Protect;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>
    /// Withdraws the submission whose receipt has key <paramref name="receiptKey"/>: its hashes stop matching (each entry
    /// disabled unless another submission still holds it), and its case, if open and reported by nobody else, is closed
    /// and what it restricted shown again (<see cref="CaseWorkflow.Withdraw"/>, <see cref="CaseWorkflow.Lift"/>). A case a
    /// reviewer decided stands. One transaction; the submission's row decides a race between two withdrawals.
    /// </summary>
    /// <returns>What was done, or null for no such receipt.</returns>
    public Task<ProtectWithdrawal?> WithdrawAsync(string receiptKey, CancellationToken cancellationToken = default) =>
        CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var submission = await db.ProtectSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.ReceiptKey == receiptKey, cancellationToken);
            if (submission is null)
            {
                return null;
            }

            if (submission.WithdrawnAt is { } at)
            {
                return new ProtectWithdrawal(at, 0, AlreadyWithdrawn: true);
            }

            if (await db.ProtectSubmissions.Where(s => s.Id == submission.Id && s.WithdrawnAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.WithdrawnAt, now), cancellationToken) == 0)
            {
                throw new CaseRows.StaleReadException();
            }

            // Its hashes stop matching, unless another submission not withdrawn holds the same entry.
            var entries = await db.ProtectHashes.AsNoTracking().Where(h => h.SubmissionId == submission.Id).Select(h => h.EntryId).ToListAsync(cancellationToken);
            var shared = await db.ProtectHashes.AsNoTracking()
                .Where(h => entries.Contains(h.EntryId) && h.SubmissionId != submission.Id)
                .Join(db.ProtectSubmissions.Where(s => s.WithdrawnAt == null), h => h.SubmissionId, s => s.Id, (h, s) => h.EntryId)
                .ToListAsync(cancellationToken);
            foreach (var entryId in entries.Except(shared))
            {
                await BankStore.SetEnabledAsync(db, entryId, enabled: false, now, quarantinedAt: null, cancellationToken);
            }

            var hiddenBefore = (await ProtectStore.ReachedAsync(db, submission.Id, submission.CaseId, cancellationToken))
                .Where(x => x.Value == ContentStatus.Restricted).Select(x => x.Key).ToHashSet();
            var closed = false;
            if (submission.CaseId is { } caseId && await CaseRows.LockCaseAsync(db, caseId, cancellationToken) is { } row)
            {
                var content = (await CaseRows.LockContentsAsync(db, [row.ContentRowId], cancellationToken)).Single();
                var before = row.ToCase(content.ContentId, await CaseRows.DecisionsAsync(db, caseId, cancellationToken));
                var othersReported = await db.Reports.AnyAsync(r => r.CaseId == caseId && r.Source != ReportSource.ProtectPage, cancellationToken)
                    || await db.ProtectSubmissions.AnyAsync(s => s.CaseId == caseId && s.Id != submission.Id && s.WithdrawnAt == null, cancellationToken);
                var step = CaseWorkflow.Withdraw(before, CaseRows.State(content), othersReported, now);
                row.Apply(step.Case);
                (content.Status, content.Demonetized) = (step.Content.Status, step.Content.Demonetized);
                EventWriter.Add(db, step.Events, now);
                if (step.Case.State == CaseState.Dismissed && before.State != CaseState.Dismissed)
                {
                    closed = true;
                    await LiftAsync(db, step.Case, "protect-page", now, cancellationToken);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            var lifted = (await ProtectStore.ReachedAsync(db, submission.Id, submission.CaseId, cancellationToken))
                .Count(x => x.Value == ContentStatus.Visible && hiddenBefore.Contains(x.Key));
            EventWriter.Add(db, [new ProtectWithdrawn(submission.Id, submission.CaseId, closed, lifted)], now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ProtectWithdrawal(now, lifted, AlreadyWithdrawn: false);
        });

    /// <summary>
    /// At the gate, in <see cref="RecordAtGateAsync"/>'s transaction: an upload held on a hash a person submitted through
    /// the protect page joins their open case (<see cref="CaseWorkflow.JoinAtGate"/>). Returns the case it joined, or
    /// null to open a case as for any hold, with <paramref name="submission"/> set to the submission to attach it to.
    /// </summary>
    private async Task<long?> JoinSubmissionAsync(
        AegisDbContext db, ContentRow row, CaseMatch match, DateTimeOffset now, Action<ProtectSubmissionRow?> submission, CancellationToken cancellationToken)
    {
        var owner = await db.ProtectHashes.AsNoTracking().Where(h => h.EntryId == match.EntryId)
            .Join(db.ProtectSubmissions.Where(s => s.WithdrawnAt == null), h => h.SubmissionId, s => s.Id, (h, s) => s)
            .OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        submission(owner);
        if (owner?.CaseId is not { } caseId || await CaseRows.LockCaseAsync(db, caseId, cancellationToken) is not { } caseRow)
        {
            return null;
        }

        var caseContent = await db.Contents.AsNoTracking().Where(c => c.Id == caseRow.ContentRowId).Select(c => c.ContentId).SingleAsync(cancellationToken);
        if (CaseWorkflow.JoinAtGate(caseRow.ToCase(caseContent, []), CaseRows.State(row), match) is not { } join)
        {
            return null;
        }

        (row.Status, row.Demonetized) = (join.Content.Status, join.Content.Demonetized);
        db.CaseLinks.Add(new CaseLinkRow { CaseId = caseId, ContentRowId = row.Id, Kind = join.Link.Kind, Distance = join.Link.Distance, LinkedAt = CaseRow.Millis(now) });
        db.ProtectItems.Add(new ProtectItemRow { SubmissionId = owner.Id, ContentRowId = row.Id, Later = true, At = now });
        db.Evidence.Add(EvidenceRows.Awaiting(caseId, row.Id, now, now + EvidenceRows.GateGrace));
        EventWriter.Add(db, join.Events, now);
        await FloodCheckAsync(db, owner.Id, match, now, cancellationToken);
        return caseId;
    }

    /// <summary>
    /// A submission whose hashes have held more uploads than <see cref="CaseRules.ProtectMaxHeld"/>: the entry that just
    /// matched is disabled and marked quarantined (the upload in hand stays held), and a curator is told.
    /// </summary>
    private async Task FloodCheckAsync(AegisDbContext db, long submissionId, CaseMatch match, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = await db.ProtectItems.CountAsync(i => i.SubmissionId == submissionId && i.Later, cancellationToken) + 1; // this one, not saved yet
        if (held <= _rules.ProtectMaxHeld || !await BankStore.SetEnabledAsync(db, match.EntryId, enabled: false, now, quarantinedAt: now, cancellationToken))
        {
            return;
        }

        EventWriter.Add(db, [new ProtectHashQuarantined(submissionId, match.Bank, match.EntryId, match.SignalType, held)], now);
    }

    /// <summary>
    /// At the gate: a hold on a submitted hash whose submission has no open case opened one; it becomes the submission's
    /// case (the person's statement its report) unless another node's hold made one first (then the write runs again and joins that).
    /// </summary>
    private async Task AttachGateCaseAsync(
        AegisDbContext db, ProtectSubmissionRow submission, CaseRow caseRow, ContentRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = submission.CaseId;
        var taken = await db.ProtectSubmissions.Where(s => s.Id == submission.Id && s.CaseId == previous)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CaseId, caseRow.Id), cancellationToken);
        if (taken == 0)
        {
            throw new CaseRows.StaleReadException();
        }

        var intake = ProtectRules.Intake(submission.Statement, row.ContentId);
        db.Reports.Add(new ReportRow
        {
            Id = await CaseRows.NextIdAsync(db, "reports", cancellationToken),
            ContentRowId = row.Id,
            CaseId = caseRow.Id,
            ReceivedAt = submission.CreatedAt,
            Category = intake.Category,
            Source = intake.Source,
            ReporterIsSubject = intake.ReporterIsSubject,
            SubjectWasMinor = intake.SubjectWasMinor,
            Text = intake.Text,
            Outcome = TriageAction.OpenCase,
            Restricted = true,
        });
        caseRow.Reports = 1;
        db.ProtectItems.Add(new ProtectItemRow { SubmissionId = submission.Id, ContentRowId = row.Id, Later = true, At = now });
        if (caseRow.MatchEntryId is { } entryId && caseRow.MatchBank is { } bank)
        {
            await FloodCheckAsync(db, submission.Id, new CaseMatch(bank, entryId, caseRow.MatchSignal ?? "", 0, null), now, cancellationToken);
        }
    }
}
