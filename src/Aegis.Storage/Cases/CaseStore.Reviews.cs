using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Input;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>A reviewer takes a case for <see cref="CaseRules.ClaimLifetime"/> (refused while another's claim holds).</summary>
    /// <exception cref="BankStoreException">No such case, it is closed, or another reviewer holds it.</exception>
    public Task<CaseSummary> ClaimAsync(long caseId, string reviewer, CancellationToken cancellationToken = default) =>
        MutateAsync(caseId, (c, content, now) => CaseWorkflow.Claim(c, content, reviewer, now, _rules), cancellationToken);

    /// <summary>The reviewer holding a case gives it back to the queue.</summary>
    /// <exception cref="BankStoreException">No such case, or <paramref name="reviewer"/> does not hold it.</exception>
    public Task<CaseSummary> ReleaseAsync(long caseId, string reviewer, CancellationToken cancellationToken = default) =>
        MutateAsync(caseId, (c, content, now) => CaseWorkflow.Release(c, content, reviewer, now), cancellationToken);

    /// <summary>
    /// A reviewer's decision (<see cref="CaseWorkflow.Decide"/>). A confirmation commits with its cascade marked pending;
    /// the caller runs the cascade next (<see cref="RunCascadeAsync"/>), and any node finishes it if this one dies first.
    /// </summary>
    /// <exception cref="BankStoreException">No such case (<see cref="BankStoreError.NotFound"/>), or the rules refuse the
    /// decision (<see cref="BankStoreError.Conflict"/>, with the reason).</exception>
    public Task<CaseSummary> DecideAsync(long caseId, Decision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Refuse(FreeText.Validate("reason", decision.Reason));
        return MutateAsync(caseId, (c, content, now) => CaseWorkflow.Decide(c, content, decision, now), cancellationToken);
    }

    /// <summary>The uploader appeals a confirmed case (once); it waits for a reviewer who did not decide it.</summary>
    /// <exception cref="BankStoreException">No such case, or it cannot be appealed, or <paramref name="accountId"/> is not
    /// the item's uploader.</exception>
    public Task<CaseSummary> AppealAsync(long caseId, string accountId, string? text, CancellationToken cancellationToken = default)
    {
        Refuse(Identifier.Validate("account_id", accountId) ?? FreeText.Validate("text", text));
        return MutateAsync(caseId, (c, content, now) => CaseWorkflow.Appeal(c, content, accountId, text, now), cancellationToken);
    }

    /// <summary>
    /// A reviewer who did not decide the case decides the appeal; overturned restores the item and disables the bank
    /// entries the case's cascade added.
    /// </summary>
    /// <exception cref="BankStoreException">No such case, no pending appeal, or the rules refuse this reviewer.</exception>
    public Task<CaseSummary> DecideAppealAsync(
        long caseId, string reviewer, Core.Cases.ReviewerRole role, bool overturn, string reason, CancellationToken cancellationToken = default)
    {
        Refuse(FreeText.Validate("reason", reason));
        return MutateAsync(caseId, (c, content, _) => CaseWorkflow.DecideAppeal(c, content, reviewer, role, overturn, reason), cancellationToken);
    }

    /// <summary>Refuses input the workflow would refuse anyway, before the case is looked up (a 400 before a 404).</summary>
    private static void Refuse(string? invalid)
    {
        if (invalid is not null)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }
    }

    /// <summary>
    /// Escalates open cases past their SLA: selected in SQL by their numeric due time, locked (on PostgreSQL rows another
    /// node holds are skipped, so two nodes never escalate one case), each escalated once with its webhook and audit entry.
    /// Returns how many.
    /// </summary>
    /// <param name="limit">At most this many in one call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<int> EscalateDueAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            var due = CaseRow.Millis(now);
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var take = Math.Clamp(limit, 1, 1000);
            var rows = db is PostgresAegisDbContext
                ? await db.Cases.FromSqlInterpolated(
                    $"SELECT * FROM cases WHERE escalate_at <= {due} ORDER BY escalate_at LIMIT {take} FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken)
                : await db.Cases.Where(c => c.EscalateAt <= due).OrderBy(c => c.EscalateAt).Take(take).ToListAsync(cancellationToken);
            var rowIds = rows.Select(r => r.ContentRowId).ToList();
            var contents = await db.Contents.Where(x => rowIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, cancellationToken);
            var escalated = 0;
            foreach (var row in rows)
            {
                var content = contents[row.ContentRowId];
                var step = CaseWorkflow.Escalate(row.ToCase(content.ContentId, []), CaseRows.State(content), now);
                if (!step.Refused)
                {
                    row.Apply(step.Case);
                    EventWriter.Add(db, step.Events, now);
                    escalated++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return escalated;
        });

    /// <summary>
    /// One step of the workflow on one case: the case locked for update, then its item; the step applied; the rows and
    /// the step's events saved in one transaction. A refusal changes nothing and is thrown.
    /// </summary>
    private Task<CaseSummary> MutateAsync(
        long caseId, Func<Case, ContentState, DateTimeOffset, CaseTransition> step, CancellationToken cancellationToken) =>
        CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var row = await CaseRows.LockCaseAsync(db, caseId, cancellationToken)
                ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no case {caseId}.");
            var content = (await CaseRows.LockContentsAsync(db, [row.ContentRowId], cancellationToken)).Single();
            var decisions = await CaseRows.DecisionsAsync(db, caseId, cancellationToken);
            var before = row.ToCase(content.ContentId, decisions);
            var result = step(before, CaseRows.State(content), now);
            if (result.Refusal is { } refusal)
            {
                // A refusal changes nothing, except that a decision the rules refuse is audited and gives its reviewer's claim back.
                if (result.Events.Count > 0)
                {
                    row.Apply(result.Case);
                    EventWriter.Add(db, result.Events, now);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                throw new BankStoreException(refusal.Kind == CaseRefusalKind.Invalid ? BankStoreError.Invalid : BankStoreError.Conflict, refusal.Message);
            }

            row.Apply(result.Case);
            (content.Status, content.Demonetized) = (result.Content.Status, result.Content.Demonetized);
            if (result.Case.State == CaseState.Dismissed && before.State != CaseState.Dismissed)
            {
                await LiftAsync(db, result.Case, result.Case.Decisions[^1].Reviewer, now, cancellationToken);
            }

            foreach (var decision in result.Case.Decisions.Skip(decisions.Count))
            {
                db.Decisions.Add(new DecisionRow
                {
                    CaseId = caseId, Reviewer = decision.Reviewer, Role = decision.Role, Kind = decision.Kind, Reason = decision.Reason,
                    Classification = decision.Classification, At = now,
                });
            }

            if (result.UnbanHashes)
            {
                await UnbanAsync(db, caseId, now, cancellationToken);
                await Feed.HashFeedRows.AppendDeletionsAsync(db, caseId, now, cancellationToken);
            }

            if (result.Case.State == CaseState.Confirmed && before.State != CaseState.Confirmed)
            {
                // The hash feed shares the confirmation in its own transaction: a subscriber never sees a decision not made.
                await Feed.HashFeedRows.AppendConfirmedAsync(db, result.Case, row, content, _rules, now, cancellationToken);
            }

            // The exchanges that shared what the item matched hear a person's final word (ExchangeFeedbackWorker sends it).
            if (Core.Exchanges.FeedbackRules.Owed(before.State, result.Case.State) is { } confirmed)
            {
                var verdict = confirmed ? Aegis.Exchanges.ExchangeVerdict.Confirmed : Aegis.Exchanges.ExchangeVerdict.Dismissed;
                await ExchangeStore.OweFeedbackAsync(db, caseId, row.ContentRowId, result.Case.Match?.EntryId, verdict, now, cancellationToken);
            }

            EventWriter.Add(db, result.Events, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CaseSummary.From(result.Case, result.Content.Status, now);
        });

    /// <summary>Disables the bank entries a case's cascade added (with their change-feed rows, so every node stops blocking them).</summary>
    private static async Task UnbanAsync(AegisDbContext db, long caseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var entry in await db.Entries.Where(e => e.CaseId == caseId && e.Enabled).ToListAsync(cancellationToken))
        {
            entry.Enabled = false;
            await db.SaveChangesAsync(cancellationToken);
            await ChangeFeed.AppendAsync(db, entry.BankId, entry.Id, BankChangeKind.EntryDisabled, now, cancellationToken);
        }
    }

    /// <summary>A view of a case (its evidence), audited in the same transaction as the read: no view goes unrecorded.</summary>
    /// <returns>The case, or null when there is none (nothing is audited then).</returns>
    public async Task<CaseSummary?> ViewAsync(long caseId, string viewer, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await GetAsync(db, caseId, cancellationToken);
        if (found is null)
        {
            return null;
        }

        EventWriter.Add(db, new EvidenceViewed(viewer, caseId, found.ContentId), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return found;
    }
}
