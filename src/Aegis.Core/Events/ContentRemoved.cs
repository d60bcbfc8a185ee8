using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>The cascade took the item down (the confirmed item, a reshare, or a copy).</summary>
public sealed record ContentRemoved(string ContentId, long CaseId, string Reason) : DomainEvent(System), ICaseAction
{
    [JsonIgnore]
    public override string WebhookType => "content.removed";

    [JsonIgnore]
    public override string AuditAction => "content.removed";

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";

    CaseActionKind ICaseAction.Kind => CaseActionKind.Removed;

    string ICaseAction.TargetId => ContentId;
}
