namespace Aegis.Core.Reports;

/// <summary>What triage decided for one reported item.</summary>
/// <param name="Restrict">Restrict the content now (before any review).</param>
/// <param name="Level">The priority the report brings.</param>
/// <param name="Action">Open a case, join the open one, or only acknowledge.</param>
/// <param name="Reason">Why, in words, for the audit log and the reviewer.</param>
public sealed record TriageOutcome(bool Restrict, PriorityLevel Level, TriageAction Action, string Reason);

/// <summary>What happens to the case of a reported item.</summary>
public enum TriageAction
{
    /// <summary>No open case yet: open one.</summary>
    OpenCase,

    /// <summary>A case is open on this item (or a copy of it): the report joins it and raises its priority.</summary>
    JoinCase,

    /// <summary>The item is already removed: the report is acknowledged and recorded, nothing else.</summary>
    Acknowledge,
}
