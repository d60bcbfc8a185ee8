using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// One page of what one step of a case did to several items and accounts at once (a confirmation's cascade): told to
/// the platform instead of a webhook per item (<see cref="WebhookPaging"/>). Not audited: each action has its own
/// audit entry.
/// </summary>
/// <param name="CaseId">The case acting.</param>
/// <param name="Page">This page, from 1.</param>
/// <param name="Pages">The step's pages; every page of a step has the same <c>at</c>.</param>
/// <param name="Items">Items acted on, in the order acted on (an item removed and demonetized is in twice).</param>
/// <param name="Accounts">Accounts acted on.</param>
public sealed record CaseActions(long CaseId, int Page, int Pages, IReadOnlyList<CaseItemAction> Items, IReadOnlyList<CaseAccountAction> Accounts)
    : DomainEvent(System)
{
    [JsonIgnore]
    public override string WebhookType => "case.actions";

    [JsonIgnore]
    public override string? AuditAction => null;

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";
}
