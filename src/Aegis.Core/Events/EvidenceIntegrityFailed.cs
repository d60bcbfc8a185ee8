using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A read of a preserved item failed its integrity check (tag, key or digest): nothing was returned (audited only).</summary>
public sealed record EvidenceIntegrityFailed(string Actor, long EvidenceId, long CaseId, string Problem) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "evidence.integrity_failed";

    [JsonIgnore]
    public override string AuditSubject => $"evidence:{EvidenceId}";
}
