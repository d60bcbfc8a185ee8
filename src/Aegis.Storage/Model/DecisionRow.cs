using Aegis.Core.Cases;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>decisions</c>: every accepted decision on a case.</summary>
internal sealed class DecisionRow
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public required string Reviewer { get; set; }

    public ReviewerRole Role { get; set; }

    public DecisionKind Kind { get; set; }

    public required string Reason { get; set; }

    public NcmecClassification? Classification { get; set; }

    public DateTimeOffset At { get; set; }

    public Decision ToDecision() => new(Reviewer, Role, Kind, Reason, Classification);
}
