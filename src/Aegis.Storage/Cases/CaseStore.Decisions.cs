using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>How long a claim holds before another reviewer may take the case.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The queue: open cases (and those awaiting a second review) most urgent first, or every case of a state.</summary>
    public async Task<IReadOnlyList<CaseSummary>> ListAsync(CaseState? state = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var query = db.Cases.AsNoTracking();
        query = state is { } s ? query.Where(c => c.State == s) : query.Where(c => c.OpenKey != null);
        var rows = await query.OrderByDescending(c => c.Level).ThenByDescending(c => c.Reports).ThenBy(c => c.Id)
            .Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
        var result = new List<CaseSummary>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(await SummaryAsync(db, row, cancellationToken));
        }

        return result;
    }

    /// <summary>One case with its decisions, or null.</summary>
    public async Task<CaseSummary?> GetAsync(long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        return row is null ? null : await SummaryAsync(db, row, cancellationToken);
    }

    /// <summary>A reviewer takes a case (refused while another's claim is fresh).</summary>
    /// <exception cref="BankStoreException">No such case, it is closed, or another reviewer holds it.</exception>
    public async Task<CaseSummary> ClaimAsync(long caseId, string reviewer, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await FindAsync(db, caseId, cancellationToken);
        if (row.OpenKey is null)
        {
            throw new BankStoreException(BankStoreError.Conflict, $"Case {caseId} is closed ({row.State}).");
        }

        if (row.ClaimedBy is { } holder && holder != reviewer && row.ClaimedAt + ClaimLifetime > now)
        {
            throw new BankStoreException(BankStoreError.Conflict, $"Case {caseId} is claimed by {holder} until {(row.ClaimedAt + ClaimLifetime)!.Value:u}.");
        }

        (row.ClaimedBy, row.ClaimedAt) = (reviewer, now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(db, reviewer, "case.claimed", $"case:{caseId}", new { }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await SummaryAsync(db, row, cancellationToken);
    }

    /// <summary>
    /// A reviewer's decision, under <see cref="DecisionPolicy"/>: a child-safety dismissal needs two people, the second
    /// a senior; a final dismissal lifts a restriction. A confirmation runs the whole takedown cascade
    /// (<see cref="Core.Cascade.CascadePlanner"/>): the decision commits marked "cascade pending", then every step's
    /// change, webhook event and audit entry commit together in a second transaction that clears the mark. A crash leaves
    /// either the whole cascade or none of it plus the mark, which a restarted node finishes; nothing is done twice. The
    /// webhooks then go out (at least once) from the outbox.
    /// </summary>
    /// <exception cref="BankStoreException">No such case (<see cref="BankStoreError.NotFound"/>), or the rules refuse the
    /// decision (<see cref="BankStoreError.Conflict"/>, with the reason).</exception>
    /// <param name="caseId">The case.</param>
    /// <param name="decision">The decision.</param>
    /// <param name="copies">For a confirmation: content rows that are copies of the item by hash, with their PDQ distance
    /// (the caller holds the content index). The cascade runs in its own transaction right after the decision commits; if
    /// the node dies in between, <see cref="RunCascadeAsync"/> on any node finishes it (see <see cref="PendingCascadesAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<CaseSummary> DecideAsync(
        long caseId, Decision decision, IReadOnlyCollection<(long RowId, int Distance)>? copies = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await FindAsync(db, caseId, cancellationToken);
        if (row.ClaimedBy is { } holder && holder != decision.Reviewer && row.ClaimedAt + ClaimLifetime > now && row.OpenKey is not null)
        {
            throw new BankStoreException(BankStoreError.Conflict, $"Case {caseId} is claimed by {holder} until {(row.ClaimedAt + ClaimLifetime)!.Value:u}: they decide it, or wait until the claim lapses.");
        }

        var earlier = await db.Decisions.Where(d => d.CaseId == caseId).OrderBy(d => d.Id).Select(d => d.ToDecision()).ToListAsync(cancellationToken);
        var outcome = DecisionPolicy.Decide(row.State, row.ChildSafety, earlier, decision);
        if (!outcome.Accepted)
        {
            throw new BankStoreException(BankStoreError.Conflict, outcome.Refusal!);
        }

        var content = await db.Contents.SingleAsync(c => c.Id == row.ContentRowId, cancellationToken);
        var decisionRow = new DecisionRow
        {
            CaseId = caseId, Reviewer = decision.Reviewer, Role = decision.Role, Kind = decision.Kind, Reason = decision.Reason,
            Classification = decision.Classification, At = now,
        };
        db.Decisions.Add(decisionRow);
        row.State = outcome.State;
        (row.ClaimedBy, row.ClaimedAt) = (null, null); // a decision ends its reviewer's turn: the second review is anyone's to claim
        if (outcome.Escalated)
        {
            row.EscalatedAt ??= now;
            Outbox.Add(db, "case.escalated", now, CaseFields(row, content.ContentId));
        }

        if (outcome.State is CaseState.Confirmed or CaseState.Dismissed)
        {
            (row.OpenKey, row.ClosedAt) = (null, now);
        }

        if (outcome.LiftRestriction && content.Status == ContentStatus.Restricted)
        {
            content.Status = ContentStatus.Visible;
            Outbox.Add(db, "content.restored", now, new Dictionary<string, object?> { ["content_id"] = content.ContentId, ["case_id"] = caseId });
        }

        if (outcome.StartCascade)
        {
            row.CascadePending = true;
        }

        Outbox.Add(db, "case.decided", now, new Dictionary<string, object?>(CaseFields(row, content.ContentId))
        {
            ["decision"] = decision.Kind,
            ["reviewer"] = decision.Reviewer,
            ["classification"] = decision.Classification,
        });
        await db.SaveChangesAsync(cancellationToken);
        row.CascadeDecisionId = outcome.StartCascade ? decisionRow.Id : row.CascadeDecisionId;
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(db, decision.Reviewer, "case.decided", $"case:{caseId}", new { decision = decision.Kind.ToString(), role = decision.Role.ToString(), reason = decision.Reason, classification = decision.Classification?.ToString(), state = row.State.ToString() }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (outcome.StartCascade)
        {
            await RunCascadeAsync(caseId, copies ?? [], cancellationToken);
        }

        return (await GetAsync(caseId, cancellationToken))!;
    }

    /// <summary>Records the platform's view and share counts for an item (counts only grow).</summary>
    /// <exception cref="BankStoreException">No such item.</exception>
    public async Task RecordExposureAsync(string contentId, long views, long shares, CancellationToken cancellationToken = default)
    {
        if (views < 0 || shares < 0)
        {
            throw new BankStoreException(BankStoreError.Invalid, "Views and shares are 0 or more.");
        }

        await using var db = store.CreateContext();
        var changed = await db.Contents.Where(c => c.ContentId == contentId).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.Views, c => c.Views > views ? c.Views : views).SetProperty(c => c.Shares, c => c.Shares > shares ? c.Shares : shares),
            cancellationToken);
        if (changed == 0)
        {
            throw new BankStoreException(BankStoreError.NotFound, $"No content with id '{contentId}' was recorded.");
        }
    }

    private static async Task<CaseRow> FindAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken) =>
        await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no case {caseId}.");

    private static async Task<CaseSummary> SummaryAsync(AegisDbContext db, CaseRow row, CancellationToken cancellationToken)
    {
        var content = await db.Contents.AsNoTracking().Where(c => c.Id == row.ContentRowId).Select(c => new { c.ContentId, c.Status }).SingleAsync(cancellationToken);
        var decisions = await db.Decisions.AsNoTracking().Where(d => d.CaseId == row.Id).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        return new CaseSummary(
            row.Id, content.ContentId, row.State, row.Level, row.Reports, row.ChildSafety, content.Status, row.OpenedAt, row.DueAt,
            row.EscalatedAt, row.ClaimedBy, row.ClosedAt, row.ViewsAtFirstReport, row.SharesAtFirstReport, row.RestrictedAt,
            row.ViewsAtRestriction, row.RemovedAt, row.ViewsAtRemoval, [.. decisions.Select(d => d.ToDecision())], row.AppealedAt, row.AppealOutcome,
            row.SharesAtRestriction, row.SharesAtRemoval);
    }
}
