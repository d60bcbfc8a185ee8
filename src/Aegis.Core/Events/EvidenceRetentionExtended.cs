using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An item's retention was extended (e.g. to a year from its CyberTipline report; audited only).</summary>
public sealed record EvidenceRetentionExtended(string Actor, long EvidenceId, long CaseId, DateTimeOffset RetainUntil, string Reason) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "evidence.retention_extended";

    [JsonIgnore]
    public override string AuditSubject => $"evidence:{EvidenceId}";
}
