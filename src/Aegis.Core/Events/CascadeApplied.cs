using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>A confirmed case's cascade ran (audited only; each step has its own event).</summary>
public sealed record CascadeApplied(string Actor, long CaseId, int Steps, int Removed, int Banked) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "cascade.applied";

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";
}
