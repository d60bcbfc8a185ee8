using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An item's bytes could not be fetched from the platform: it may upload them (<c>PUT /v1/cases/{case_id}/evidence/{content_id}</c>).</summary>
public sealed record EvidenceMissing(string Actor, long EvidenceId, long CaseId, string ContentId, string Reason) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => "evidence.missing";

    [JsonIgnore]
    public override string AuditAction => "evidence.missing";

    [JsonIgnore]
    public override string AuditSubject => $"evidence:{EvidenceId}";
}
