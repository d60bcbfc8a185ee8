using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>cases</c>: one item's review, with its exposure at each step. Written only by <see cref="CaseStore"/>,
/// which loads it for update (a row lock on PostgreSQL, the writer lock on SQLite) and checks <see cref="Version"/>.
/// Times the queue and the statistics compute with are Unix milliseconds, so both databases compare and subtract them
/// in SQL.
/// </summary>
internal sealed class CaseRow
{
    public long Id { get; set; }

    /// <summary>Bumped by every write; a write from a stale read fails instead of overwriting (optimistic check).</summary>
    public int Version { get; set; }

    /// <summary>The item under review (the root of any cascade).</summary>
    public long ContentRowId { get; set; }

    /// <summary>The item's row while the case is open, null once closed: unique, so an item has one open case.</summary>
    public long? OpenKey { get; set; }

    public CaseState State { get; set; }

    public PriorityLevel Level { get; set; }

    public int Reports { get; set; }

    public bool ChildSafety { get; set; }

    public long OpenedAt { get; set; }

    public long DueAt { get; set; }

    /// <summary>
    /// The due time while the case is open and not yet escalated, null otherwise: the SLA watcher selects
    /// <c>escalate_at &lt;= now</c> through its index, never the whole queue.
    /// </summary>
    public long? EscalateAt { get; set; }

    public long? EscalatedAt { get; set; }

    public string? ClaimedBy { get; set; }

    public long? ClaimedUntil { get; set; }

    /// <summary>When the claim was made (null for a claim made before claim times were kept).</summary>
    public long? ClaimedAt { get; set; }

    public long? ClosedAt { get; set; }

    public long ViewsAtFirstReport { get; set; }

    public long SharesAtFirstReport { get; set; }

    public long? RestrictedAt { get; set; }

    public long? ViewsAtRestriction { get; set; }

    public long? SharesAtRestriction { get; set; }

    public long? RemovedAt { get; set; }

    public long? ViewsAtRemoval { get; set; }

    public long? SharesAtRemoval { get; set; }

    /// <summary>
    /// Confirmed and the cascade has not run yet. Set in the decision's transaction, cleared in the cascade's: a node
    /// killed between the two leaves it set, and any node finishes the cascade.
    /// </summary>
    public bool CascadePending { get; set; }

    public long? AppealedAt { get; set; }

    public string? AppealedBy { get; set; }

    public string? AppealText { get; set; }

    public AppealOutcome? AppealOutcome { get; set; }

    public string? AppealDecidedBy { get; set; }

    public string? AppealReason { get; set; }

    public CaseOrigin Origin { get; set; }

    public string? MatchBank { get; set; }

    public long? MatchEntryId { get; set; }

    public string? MatchSignal { get; set; }

    public int? MatchDistance { get; set; }

    public string? MatchSource { get; set; }

    /// <summary>For a picture matched with one video frame: the frame's number.</summary>
    public int? MatchFrame { get; set; }

    /// <summary>For such a match: the frame's time in its video, in seconds.</summary>
    public double? MatchFrameSeconds { get; set; }

    public long? RelatedCaseId { get; set; }

    /// <summary>The case as the workflow sees it.</summary>
    public Case ToCase(string contentId, IReadOnlyList<Decision> decisions) => new()
    {
        Id = Id,
        ContentId = contentId,
        State = State,
        Level = Level,
        Reports = Reports,
        ChildSafety = ChildSafety,
        OpenedAt = Time(OpenedAt),
        DueAt = Time(DueAt),
        EscalatedAt = Time(EscalatedAt),
        Claim = ClaimedBy is { } by && ClaimedUntil is { } until ? new CaseClaim(by, Time(until), Time(ClaimedAt)) : null,
        ClosedAt = Time(ClosedAt),
        Exposure = new CaseExposure(
            ViewsAtFirstReport, SharesAtFirstReport, Time(RestrictedAt), ViewsAtRestriction, SharesAtRestriction, Time(RemovedAt), ViewsAtRemoval, SharesAtRemoval),
        CascadePending = CascadePending,
        Appeal = AppealedAt is { } at ? new CaseAppeal(Time(at), AppealedBy!, AppealText, AppealOutcome, AppealDecidedBy, AppealReason) : null,
        Decisions = decisions,
        Origin = Origin,
        Match = MatchBank is { } bank ? new CaseMatch(bank, MatchEntryId ?? 0, MatchSignal ?? "", MatchDistance ?? 0, MatchSource, MatchFrame, MatchFrameSeconds) : null,
        RelatedCaseId = RelatedCaseId,
    };

    /// <summary>Writes the workflow's case into the row (the row's content and id stay).</summary>
    public void Apply(Case c)
    {
        (State, Level, Reports, ChildSafety, OpenedAt, DueAt) = (c.State, c.Level, c.Reports, c.ChildSafety, Millis(c.OpenedAt), Millis(c.DueAt));
        OpenKey = c.IsOpen ? ContentRowId : null;
        EscalatedAt = Millis(c.EscalatedAt);
        EscalateAt = c.IsOpen && c.EscalatedAt is null ? DueAt : null;
        (ClaimedBy, ClaimedUntil, ClaimedAt) = (c.Claim?.Reviewer, Millis(c.Claim?.Until), Millis(c.Claim?.At));
        ClosedAt = Millis(c.ClosedAt);
        var e = c.Exposure;
        (ViewsAtFirstReport, SharesAtFirstReport) = (e.ViewsAtFirstReport, e.SharesAtFirstReport);
        (RestrictedAt, ViewsAtRestriction, SharesAtRestriction) = (Millis(e.RestrictedAt), e.ViewsAtRestriction, e.SharesAtRestriction);
        (RemovedAt, ViewsAtRemoval, SharesAtRemoval) = (Millis(e.RemovedAt), e.ViewsAtRemoval, e.SharesAtRemoval);
        CascadePending = c.CascadePending;
        (AppealedAt, AppealedBy, AppealText) = (Millis(c.Appeal?.At), c.Appeal?.By, c.Appeal?.Text);
        (AppealOutcome, AppealDecidedBy, AppealReason) = (c.Appeal?.Outcome, c.Appeal?.DecidedBy, c.Appeal?.Reason);
        (Origin, RelatedCaseId) = (c.Origin, c.RelatedCaseId);
        (MatchBank, MatchEntryId, MatchSignal, MatchDistance, MatchSource) = (c.Match?.Bank, c.Match?.EntryId, c.Match?.SignalType, c.Match?.Distance, c.Match?.Source);
        (MatchFrame, MatchFrameSeconds) = (c.Match?.Frame, c.Match?.FrameSeconds);
        Version++;
    }

    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Millis(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    public static DateTimeOffset? Time(long? millis) => millis is { } m ? DateTimeOffset.FromUnixTimeMilliseconds(m) : null;
}
