using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>The item may be shown again: a final dismissal, or an overturned appeal.</summary>
public sealed record ContentRestored(string Actor, string ContentId, long CaseId, string Reason) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string WebhookType => "content.restored";

    [JsonIgnore]
    public override string AuditAction => "content.restored";

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";
}
