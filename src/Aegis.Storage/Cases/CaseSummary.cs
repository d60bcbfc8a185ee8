using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>A case as the review queue shows it, with its exposure at each step.</summary>
/// <param name="Id">The case.</param>
/// <param name="ContentId">The reported item.</param>
/// <param name="State">Open, awaiting second review, confirmed or dismissed.</param>
/// <param name="Level">Priority level.</param>
/// <param name="Reports">Reports joined.</param>
/// <param name="ChildSafety">A child may be harmed (two people to dismiss).</param>
/// <param name="ContentStatus">The item's status now.</param>
/// <param name="OpenedAt">First report.</param>
/// <param name="DueAt">When the SLA runs out.</param>
/// <param name="EscalatedAt">When it was escalated, if it was.</param>
/// <param name="ClaimedBy">The reviewer working on it.</param>
/// <param name="ClosedAt">When it was confirmed or dismissed.</param>
/// <param name="ViewsAtFirstReport">Views when the first report came.</param>
/// <param name="SharesAtFirstReport">Shares then.</param>
/// <param name="RestrictedAt">When it was restricted.</param>
/// <param name="ViewsAtRestriction">Views then.</param>
/// <param name="RemovedAt">When it was removed.</param>
/// <param name="ViewsAtRemoval">Views then.</param>
/// <param name="Decisions">Decisions, oldest first.</param>
/// <param name="AppealedAt">When the uploader appealed, if they did.</param>
/// <param name="SharesAtRestriction">Shares when it was restricted.</param>
/// <param name="SharesAtRemoval">Shares when it was removed.</param>
/// <param name="AppealOutcome">Null while pending; upheld or overturned.</param>
public sealed record CaseSummary(
    long Id,
    string ContentId,
    CaseState State,
    PriorityLevel Level,
    int Reports,
    bool ChildSafety,
    ContentStatus ContentStatus,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? EscalatedAt,
    string? ClaimedBy,
    DateTimeOffset? ClosedAt,
    long ViewsAtFirstReport,
    long SharesAtFirstReport,
    DateTimeOffset? RestrictedAt,
    long? ViewsAtRestriction,
    DateTimeOffset? RemovedAt,
    long? ViewsAtRemoval,
    IReadOnlyList<Decision> Decisions,
    DateTimeOffset? AppealedAt = null,
    string? AppealOutcome = null,
    long? SharesAtRestriction = null,
    long? SharesAtRemoval = null)
{
    /// <summary>The case as the API shows it, with its item's status now and who may act next at <paramref name="now"/>.</summary>
    public static CaseSummary From(Case c, ContentStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        var e = c.Exposure;
        return new CaseSummary(
            c.Id, c.ContentId, c.State, c.Level, c.Reports, c.ChildSafety, status, c.OpenedAt, c.DueAt, c.EscalatedAt, c.ClaimAt(now)?.Reviewer, c.ClosedAt,
            e.ViewsAtFirstReport, e.SharesAtFirstReport, e.RestrictedAt, e.ViewsAtRestriction, e.RemovedAt, e.ViewsAtRemoval, c.Decisions,
            c.Appeal?.At, c.Appeal?.Outcome?.ToString().ToLowerInvariant(), e.SharesAtRestriction, e.SharesAtRemoval)
        {
            Origin = c.Origin,
            Match = c.Match,
            RelatedCaseId = c.RelatedCaseId,
            Awaiting = CaseAwaiting.For(c, now),
            ClaimedUntil = c.ClaimAt(now)?.Until,
        };
    }

    /// <summary>What opened it: a report, the cascade, or the gate.</summary>
    public CaseOrigin Origin { get; init; }

    /// <summary>For a case the gate opened on a match: the bank entry, and where it came from.</summary>
    public CaseMatch? Match { get; init; }

    /// <summary>The case it came from (the cascade that held its item, or the case that suspended its uploader).</summary>
    public long? RelatedCaseId { get; init; }

    /// <summary>Who may act next (null once nobody need).</summary>
    public CaseAwaiting? Awaiting { get; init; }

    /// <summary>When the claim lapses, while it holds.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>Items linked to the case (reshares, copies, held copies and uploads), in all; null in a list of cases.</summary>
    public int? LinkedItemsTotal { get; init; }

    /// <summary>The first <see cref="CaseStore.SummaryItems"/> linked items (the rest: <c>GET /v1/cases/{id}/items</c>).</summary>
    public IReadOnlyList<CaseItem>? LinkedItems { get; init; }

    /// <summary>
    /// The case's items whose bytes the evidence vault could not fetch (the platform was told, <c>evidence.missing</c>, and
    /// may upload them); null in a list of cases.
    /// </summary>
    public IReadOnlyList<string>? EvidenceMissing { get; init; }

    /// <summary>Views or shares reported after the case's item or a linked item was restricted or removed, newest first.</summary>
    public IReadOnlyList<ExposureAlert>? ExposureAlerts { get; init; }

    /// <summary>Seconds from the first report to the restriction, once restricted.</summary>
    public double? SecondsToRestrict => RestrictedAt is { } at ? (at - OpenedAt).TotalSeconds : null;

    /// <summary>Seconds from the first report to the removal, once removed.</summary>
    public double? SecondsToRemove => RemovedAt is { } at ? (at - OpenedAt).TotalSeconds : null;

    /// <summary>Views counted between the first report and the removal, once removed (never negative, never an overflow).</summary>
    public long? ViewsAfterFirstReport => ViewsAtRemoval is { } removal ? CaseExposure.Growth(ViewsAtFirstReport, removal) : null;
}
