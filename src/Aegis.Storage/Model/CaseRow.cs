using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>cases</c>: one reported item's review, with its exposure at each step.</summary>
internal sealed class CaseRow
{
    public long Id { get; set; }

    /// <summary>The reported item (the root of any cascade).</summary>
    public long ContentRowId { get; set; }

    /// <summary>The item's row while the case is open, null once closed: unique, so an item has one open case.</summary>
    public long? OpenKey { get; set; }

    public CaseState State { get; set; }

    public PriorityLevel Level { get; set; }

    public int Reports { get; set; }

    public bool ChildSafety { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public long ViewsAtFirstReport { get; set; }

    public long SharesAtFirstReport { get; set; }

    public DateTimeOffset? RestrictedAt { get; set; }

    public long? ViewsAtRestriction { get; set; }

    public long? SharesAtRestriction { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }

    public long? ViewsAtRemoval { get; set; }

    public long? SharesAtRemoval { get; set; }

    /// <summary>
    /// The case was confirmed and its cascade has not run yet. Set in the decision's transaction, cleared in the
    /// cascade's: a node killed between the two leaves it set, and any node finishes the cascade after a restart.
    /// </summary>
    public bool CascadePending { get; set; }

    /// <summary>The confirming decision's row, for the cascade that follows it.</summary>
    public long? CascadeDecisionId { get; set; }

    public DateTimeOffset? AppealedAt { get; set; }

    public string? AppealedBy { get; set; }

    public string? AppealText { get; set; }

    /// <summary>Null while pending (or never appealed); <c>upheld</c> or <c>overturned</c>.</summary>
    public string? AppealOutcome { get; set; }

    public string? AppealDecidedBy { get; set; }

    public string? AppealReason { get; set; }
}
