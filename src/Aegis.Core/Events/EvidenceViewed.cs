using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>A person looked at a case and its item (audited only, before it is shown).</summary>
public sealed record EvidenceViewed(string Actor, long CaseId, string ContentId) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "evidence.viewed";

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";
}
