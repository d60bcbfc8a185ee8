using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>The item is hidden pending review: on a report when a child may be harmed, or a copy held by the cascade.</summary>
public sealed record ContentRestricted(string ContentId, long CaseId, string Reason) : DomainEvent(System)
{
    [JsonIgnore]
    public override string WebhookType => "content.restricted";

    [JsonIgnore]
    public override string AuditAction => "content.restricted";

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";
}
