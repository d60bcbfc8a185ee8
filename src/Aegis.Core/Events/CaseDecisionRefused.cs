using System.Text.Json.Serialization;
using Aegis.Core.Cases;

namespace Aegis.Core.Events;

/// <summary>
/// The rules refused a reviewer's decision (a dismissal that needs a senior, a second dismissal by the same person):
/// audited, and their claim, if they held one, given back so the reviewer who may act can take the case.
/// </summary>
/// <param name="Actor">The reviewer refused.</param>
/// <param name="CaseId">The case.</param>
/// <param name="Kind">What they tried to decide.</param>
/// <param name="Refusal">Why it was refused.</param>
/// <param name="ClaimReleased">Their claim was given back.</param>
public sealed record CaseDecisionRefused(string Actor, long CaseId, DecisionKind Kind, string Refusal, bool ClaimReleased) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "case.decision_refused";

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";
}
