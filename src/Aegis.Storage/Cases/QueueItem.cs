using System.Text.Json.Serialization;
using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>A case as the review queue lists it, with what the reader may do with it now.</summary>
/// <param name="Id">The case.</param>
/// <param name="ContentId">Its item.</param>
/// <param name="State">Open, awaiting second review, or confirmed (an appeal pending).</param>
/// <param name="Queue">The queue it waits in now.</param>
/// <param name="Level">Priority level (higher first).</param>
/// <param name="ChildSafety">A child may be harmed.</param>
/// <param name="Reasons">Why it is in the queue, most pressing first.</param>
/// <param name="Reports">Reports joined.</param>
/// <param name="OpenedAt">First report (or hold).</param>
/// <param name="DueAt">When its SLA runs out (null for an appeal, which has none).</param>
/// <param name="SlaBreached">Open and past its due time now.</param>
/// <param name="ClaimedBy">Who holds it, while the claim holds.</param>
/// <param name="ClaimedAt">When they claimed it (null for a claim made before claim times were kept).</param>
/// <param name="ClaimedUntil">When their claim lapses.</param>
/// <param name="Views">The item's views now (as the platform last reported them).</param>
/// <param name="Shares">Its shares now.</param>
/// <param name="ViewsAtFirstReport">Its views when it was first reported.</param>
/// <param name="SharesAtFirstReport">Its shares then.</param>
/// <param name="Awaiting">Who may act next.</param>
/// <param name="CanAct">The reader may claim and decide it now.</param>
/// <param name="Why">When they may only read it, why.</param>
public sealed record QueueItem(
    long Id,
    string ContentId,
    CaseState State,
    [property: JsonConverter(typeof(ReviewQueueJsonConverter))] ReviewQueue Queue,
    PriorityLevel Level,
    bool ChildSafety,
    [property: JsonConverter(typeof(ReviewReasonJsonConverter.List))] IReadOnlyList<ReviewReason> Reasons,
    int Reports,
    DateTimeOffset OpenedAt,
    DateTimeOffset? DueAt,
    bool SlaBreached,
    string? ClaimedBy,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? ClaimedUntil,
    long Views,
    long Shares,
    long ViewsAtFirstReport,
    long SharesAtFirstReport,
    CaseAwaiting? Awaiting,
    bool CanAct,
    string? Why);
