using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A legal hold was lifted; the item is deleted once its retention has passed (audited only).</summary>
public sealed record EvidenceReleased(string Actor, long EvidenceId, long CaseId, string Reason) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "evidence.released";

    [JsonIgnore]
    public override string AuditSubject => $"evidence:{EvidenceId}";
}
