using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

/// <summary>
/// A case: one reported (or held) item's review, as the workflow sees it. Immutable: every step of
/// <see cref="CaseWorkflow"/> returns a new one, with the events the step caused.
/// </summary>
public sealed record Case
{
    public required long Id { get; init; }

    /// <summary>The item under review (the root of any cascade).</summary>
    public required string ContentId { get; init; }

    public required CaseState State { get; init; }

    public required PriorityLevel Level { get; init; }

    /// <summary>Reports joined (0 for a case opened by the cascade on a held copy).</summary>
    public required int Reports { get; init; }

    /// <summary>A child may be harmed: a dismissal takes two people, the second a senior.</summary>
    public required bool ChildSafety { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When the SLA runs out; the case is escalated then if still open.</summary>
    public required DateTimeOffset DueAt { get; init; }

    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>The reviewer working on it, while the claim holds.</summary>
    public CaseClaim? Claim { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Views and shares at each step.</summary>
    public required CaseExposure Exposure { get; init; }

    /// <summary>Confirmed, and the takedown cascade has not run yet (it runs in a transaction of its own).</summary>
    public bool CascadePending { get; init; }

    public CaseAppeal? Appeal { get; init; }

    /// <summary>What opened it: a report, the cascade, or the gate.</summary>
    public CaseOrigin Origin { get; init; } = CaseOrigin.Report;

    /// <summary>For a case the gate opened on a match: the bank entry that matched.</summary>
    public CaseMatch? Match { get; init; }

    /// <summary>The case this one came from: the confirmed case whose cascade held its item, or the case that suspended its uploader.</summary>
    public long? RelatedCaseId { get; init; }

    /// <summary>Every accepted decision, oldest first.</summary>
    public IReadOnlyList<Decision> Decisions { get; init; } = [];

    /// <summary>Open or awaiting its second review: not yet confirmed or dismissed.</summary>
    public bool IsOpen => State is CaseState.Open or CaseState.AwaitingSecondReview;

    /// <summary>The claim, if it still holds at <paramref name="now"/>.</summary>
    public CaseClaim? ClaimAt(DateTimeOffset now) => Claim is { } claim && claim.Until > now ? claim : null;

    /// <summary>The decision that confirmed the case (what its cascade acts for), if any.</summary>
    public Decision? Confirmation => Decisions.LastOrDefault(d => d.Kind is DecisionKind.ConfirmCsam or DecisionKind.ConfirmViolation);
}
