using System.Text.Json.Serialization;
using Aegis.Core.Cases;

namespace Aegis.Core.Events;

/// <summary>A case was escalated: its SLA passed, or a reviewer sent it up.</summary>
public sealed record CaseEscalated : CaseFields
{
    public CaseEscalated(string actor, Case c, string reason)
        : base(actor, c) => (Reason, DueAt) = (reason, c.DueAt);

    public string Reason { get; init; }

    public DateTimeOffset DueAt { get; init; }

    [JsonIgnore]
    public override string WebhookType => "case.escalated";

    [JsonIgnore]
    public override string AuditAction => "case.escalated";
}
