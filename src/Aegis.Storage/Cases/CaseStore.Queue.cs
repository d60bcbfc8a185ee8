using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>Candidates of <see cref="ClaimNextAsync"/> read at a time.</summary>
    private const int ClaimCandidates = 16;

    /// <summary>
    /// The review queue as <paramref name="reader"/> may see it now: cases waiting for someone (open, awaiting a second
    /// review, or confirmed with an appeal pending) in the reader's queues, and those they made a decision on (read only),
    /// by priority (highest first) then age (oldest first), each with why it is there, its SLA, claim and exposure. SQL
    /// selects by the queues' states, the filters and the page; <see cref="QueueAccess"/> then judges every row as it is
    /// read, and a row it refuses is left out.
    /// </summary>
    /// <remarks>
    /// Two queries (the page, chosen from the case rows alone, with its items and reasons; then its decisions), a third to
    /// count only when the page is full or not the first.
    /// </remarks>
    /// <exception cref="BankStoreException">The limit or offset is out of range.</exception>
    public async Task<QueuePage> QueueAsync(QueueReader reader, QueueQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(query);
        Refuse(query.Validate());
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        var cases = Filtered(db, Readable(db, reader), query.Queue, query.Reason);

        // The page's ids are chosen from the narrow case rows; only those rows are joined to their items and reports.
        var ids = InQueueOrder(cases).Skip(query.Offset).Take(query.Limit).Select(c => c.Id);
        var page = await Rows(db, db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)))
            .OrderByDescending(r => r.Level).ThenBy(r => r.OpenedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var total = query.Offset == 0 && page.Count < query.Limit ? page.Count : await cases.CountAsync(cancellationToken);
        var pageIds = page.Select(r => r.Id).ToList();
        var decisions = (await db.Decisions.AsNoTracking().Where(d => pageIds.Contains(d.CaseId)).OrderBy(d => d.Id).ToListAsync(cancellationToken))
            .ToLookup(d => d.CaseId, d => d.ToDecision());
        var items = new List<QueueItem>(page.Count);
        foreach (var row in page)
        {
            var c = row.Case.ToCase(row.ContentId, [.. decisions[row.Id]]);
            var access = QueueAccess.For(reader, c, now);
            if (access is { CanRead: true, Queue: { } queue } && (query.Queue is null || query.Queue == queue))
            {
                items.Add(Item(c, queue, access, row, now));
            }
        }

        return new QueuePage(total, query.Offset, items);
    }

    /// <summary>
    /// Claims for <paramref name="reader"/> the case at the top of their queues (with the filters) that nobody holds (or
    /// whose claim lapsed) and that they may act on, and returns it; null when there is none. Two readers on two nodes
    /// never get the same case: on PostgreSQL the candidate is locked <c>FOR UPDATE SKIP LOCKED</c> (a case another
    /// claimer is taking is passed over, not waited for) and judged again under the lock; on SQLite the write
    /// transaction holds the one writer lock from its start. Cases the reader holds already are theirs, not candidates.
    /// </summary>
    public Task<CaseSummary?> ClaimNextAsync(
        QueueReader reader, ReviewQueue? queue = null, ReviewReason? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return CaseRows.RetryAsync<CaseSummary?>(async () =>
        {
            var now = store.Time.GetUtcNow();
            var nowMillis = CaseRow.Millis(now);
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var passed = new List<long>();
            while (true)
            {
                var candidates = await InQueueOrder(Filtered(db, Claimable(db, reader, nowMillis), queue, reason).Where(c => !passed.Contains(c.Id)))
                    .Select(c => c.Id).Take(ClaimCandidates).ToArrayAsync(cancellationToken);
                if (candidates.Length == 0)
                {
                    return null;
                }

                var row = await LockFirstUnclaimedAsync(db, candidates, nowMillis, cancellationToken);
                if (row is null)
                {
                    passed.AddRange(candidates); // taken meanwhile by other claimers
                    continue;
                }

                var content = await db.Contents.AsNoTracking().SingleAsync(x => x.Id == row.ContentRowId, cancellationToken);
                var c = row.ToCase(content.ContentId, await CaseRows.DecisionsAsync(db, row.Id, cancellationToken));
                var access = QueueAccess.For(reader, c, now);
                var step = CaseWorkflow.Claim(c, CaseRows.State(content), reader.Name, now, _rules);
                if (!access.CanAct || (queue is not null && access.Queue != queue) || step.Refusal is not null)
                {
                    passed.Add(row.Id); // changed since the candidates were read
                    continue;
                }

                row.Apply(step.Case);
                EventWriter.Add(db, step.Events, now);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return CaseSummary.From(step.Case, content.Status, now);
            }
        });
    }

    /// <summary>
    /// A case as it stands now, with its decisions, for judging who may read and act on it (<see cref="QueueAccess.For"/>)
    /// before anything of it is shown; null when there is no such case. Two queries; not audited (nothing of its evidence
    /// is read).
    /// </summary>
    public async Task<Case?> ReadCaseAsync(long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var found = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new { Case = c, x.ContentId })
            .SingleOrDefaultAsync(cancellationToken);
        return found?.Case.ToCase(found.ContentId, await CaseRows.DecisionsAsync(db, caseId, cancellationToken));
    }

    /// <summary>
    /// Cases waiting in one of the reader's queues, or that the reader made a decision on. The queues by state, as
    /// <see cref="ReviewQueues.Of"/> has them: senior = awaiting second review; child-safety and general = open, by
    /// <c>child_safety</c>; appeals = confirmed with an appeal pending.
    /// </summary>
    private static IQueryable<CaseRow> Readable(AegisDbContext db, QueueReader reader)
    {
        var allowed = reader.Allowed;
        bool senior = allowed.Contains(ReviewQueue.Senior), childSafety = allowed.Contains(ReviewQueue.ChildSafety);
        bool general = allowed.Contains(ReviewQueue.General), appeals = allowed.Contains(ReviewQueue.Appeals);
        var name = reader.Name;

        // IN (a hashed subquery through the reviewer's index), not EXISTS per row: PostgreSQL costs the latter per row and
        // JIT-compiles the query (0.2 s) on a queue of thousands.
        var decided = db.Decisions.Where(d => d.Reviewer == name).Select(d => d.CaseId);
        return db.Cases.AsNoTracking()
            .Where(c => c.State == CaseState.Open || c.State == CaseState.AwaitingSecondReview
                || (c.State == CaseState.Confirmed && c.AppealedAt != null && c.AppealOutcome == null))
            .Where(c => (senior && c.State == CaseState.AwaitingSecondReview)
                || (childSafety && c.State == CaseState.Open && c.ChildSafety)
                || (general && c.State == CaseState.Open && !c.ChildSafety)
                || (appeals && c.State == CaseState.Confirmed)
                || decided.Contains(c.Id));
    }

    /// <summary>
    /// Cases the reader may claim now: open or awaiting a second review, in one of their queues, nobody's claim holding
    /// (theirs included), and not awaiting a second review they dismissed first.
    /// </summary>
    private static IQueryable<CaseRow> Claimable(AegisDbContext db, QueueReader reader, long nowMillis)
    {
        var allowed = reader.Allowed;
        bool senior = allowed.Contains(ReviewQueue.Senior), childSafety = allowed.Contains(ReviewQueue.ChildSafety);
        var general = allowed.Contains(ReviewQueue.General);
        var name = reader.Name;
        var dismissed = db.Decisions.Where(d => d.Reviewer == name && d.Kind == DecisionKind.Dismiss).Select(d => d.CaseId);
        return db.Cases.AsNoTracking()
            .Where(c => c.ClaimedUntil == null || c.ClaimedUntil <= nowMillis)
            .Where(c => (senior && c.State == CaseState.AwaitingSecondReview && !dismissed.Contains(c.Id))
                || (childSafety && c.State == CaseState.Open && c.ChildSafety)
                || (general && c.State == CaseState.Open && !c.ChildSafety));
    }

    /// <summary>The query's queue and reason, in SQL. The reasons as <see cref="ReviewReasons.Of"/> derives them.</summary>
    private static IQueryable<CaseRow> Filtered(AegisDbContext db, IQueryable<CaseRow> cases, ReviewQueue? queue, ReviewReason? reason)
    {
        cases = queue switch
        {
            ReviewQueue.Senior => cases.Where(c => c.State == CaseState.AwaitingSecondReview),
            ReviewQueue.ChildSafety => cases.Where(c => c.State == CaseState.Open && c.ChildSafety),
            ReviewQueue.General => cases.Where(c => c.State == CaseState.Open && !c.ChildSafety),
            ReviewQueue.Appeals => cases.Where(c => c.State == CaseState.Confirmed),
            _ => cases,
        };
        return reason switch
        {
            ReviewReason.PersonShown => cases.Where(c => db.Reports.Any(r => r.CaseId == c.Id && r.ReporterIsSubject)),
            ReviewReason.Minor => cases.Where(c => db.Reports.Any(r => r.CaseId == c.Id && r.SubjectWasMinor == true)),
            ReviewReason.TrustedFlagger => cases.Where(c => db.Reports.Any(r => r.CaseId == c.Id && r.Source == ReportSource.TrustedFlagger)),
            ReviewReason.UserReport => cases.Where(c => db.Reports.Any(r => r.CaseId == c.Id && r.Source != ReportSource.TrustedFlagger)),
            ReviewReason.BankMatch => cases.Where(c => c.Origin == CaseOrigin.GateHold || db.MatchEvents.Any(m => m.ContentRowId == c.ContentRowId)),
            ReviewReason.SuspendedUploader => cases.Where(c => c.Origin == CaseOrigin.SuspendedUploader),
            ReviewReason.CascadeHold => cases.Where(c => c.Origin == CaseOrigin.CascadeHold),
            _ => cases,
        };
    }

    /// <summary>Priority (highest first), then age (oldest first), then id.</summary>
    private static IOrderedQueryable<CaseRow> InQueueOrder(IQueryable<CaseRow> cases) =>
        cases.OrderByDescending(c => c.Level).ThenBy(c => c.OpenedAt).ThenBy(c => c.Id);

    /// <summary>Each case with its item's id and counts now, and what its reports and matches say (subqueries of the one query).</summary>
    private static IQueryable<QueueRow> Rows(AegisDbContext db, IQueryable<CaseRow> cases) =>
        cases.Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new QueueRow
        {
            Case = c,
            Id = c.Id,
            Level = c.Level,
            OpenedAt = c.OpenedAt,
            ContentId = x.ContentId,
            Views = x.Views,
            Shares = x.Shares,
            PersonShown = db.Reports.Any(r => r.CaseId == c.Id && r.ReporterIsSubject),
            MinorClaimed = db.Reports.Any(r => r.CaseId == c.Id && r.SubjectWasMinor == true),
            TrustedFlagger = db.Reports.Any(r => r.CaseId == c.Id && r.Source == ReportSource.TrustedFlagger),
            UserReport = db.Reports.Any(r => r.CaseId == c.Id && r.Source != ReportSource.TrustedFlagger),
            BankMatched = db.MatchEvents.Any(m => m.ContentRowId == c.ContentRowId),
        });

    /// <summary>
    /// The first of <paramref name="ids"/> (in queue order) nobody holds, locked for update; on PostgreSQL rows another
    /// transaction has locked are skipped, and a row claimed and committed meanwhile no longer matches.
    /// </summary>
    private static async Task<CaseRow?> LockFirstUnclaimedAsync(AegisDbContext db, long[] ids, long nowMillis, CancellationToken cancellationToken)
    {
        if (db is PostgresAegisDbContext)
        {
            var rows = await db.Cases.FromSqlInterpolated($"""
                SELECT * FROM cases WHERE id = ANY({ids}) AND (claimed_until IS NULL OR claimed_until <= {nowMillis})
                ORDER BY level DESC, opened_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
            return rows.SingleOrDefault();
        }

        return await db.Cases.Where(c => ids.Contains(c.Id) && (c.ClaimedUntil == null || c.ClaimedUntil <= nowMillis))
            .OrderByDescending(c => c.Level).ThenBy(c => c.OpenedAt).ThenBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static QueueItem Item(Case c, ReviewQueue queue, CaseAccess access, QueueRow row, DateTimeOffset now)
    {
        var claim = c.ClaimAt(now);
        var reasons = ReviewReasons.Of(c.Origin, new ReviewSignals(row.PersonShown, row.MinorClaimed, row.TrustedFlagger, row.UserReport, row.BankMatched));
        return new QueueItem(
            c.Id, c.ContentId, c.State, queue, c.Level, c.ChildSafety, reasons, c.Reports, c.OpenedAt,
            c.IsOpen ? c.DueAt : null, c.IsOpen && c.DueAt <= now, claim?.Reviewer, claim?.At, claim?.Until,
            row.Views, row.Shares, c.Exposure.ViewsAtFirstReport, c.Exposure.SharesAtFirstReport,
            CaseAwaiting.For(c, now), access.CanAct, access.Why);
    }

    /// <summary>One row of the queue's query.</summary>
    private sealed class QueueRow
    {
        public required CaseRow Case { get; init; }

        public long Id { get; init; }

        public PriorityLevel Level { get; init; }

        public long OpenedAt { get; init; }

        public required string ContentId { get; init; }

        public long Views { get; init; }

        public long Shares { get; init; }

        public bool PersonShown { get; init; }

        public bool MinorClaimed { get; init; }

        public bool TrustedFlagger { get; init; }

        public bool UserReport { get; init; }

        public bool BankMatched { get; init; }
    }
}
