using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A legal hold was put on a preserved item: it is kept whatever its retention (audited only).</summary>
public sealed record EvidenceHeld(string Actor, long EvidenceId, long CaseId, string Reason) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "evidence.held";

    [JsonIgnore]
    public override string AuditSubject => $"evidence:{EvidenceId}";
}
