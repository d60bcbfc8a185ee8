using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>A reviewer gave a case back to the queue before deciding it (audited only).</summary>
public sealed record CaseReleased(string Actor, long CaseId) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "case.released";

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";
}
