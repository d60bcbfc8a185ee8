using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A preserved item was deleted, its retention passed and no hold standing (audited only).</summary>
public sealed record EvidenceDeleted(string Actor, long EvidenceId, long CaseId, string ContentId, DateTimeOffset RetainUntil) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "evidence.deleted";

    [JsonIgnore]
    public override string AuditSubject => $"evidence:{EvidenceId}";
}
