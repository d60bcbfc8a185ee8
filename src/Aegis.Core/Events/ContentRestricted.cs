using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>The item is hidden pending review: on a report when a child may be harmed, or a copy held by the cascade.</summary>
/// <param name="ContentId">The item.</param>
/// <param name="CaseId">The case restricting it.</param>
/// <param name="Reason">Why.</param>
/// <param name="Held">A copy the cascade held for review (a <c>held</c> action in <see cref="CaseActions"/>); not in the payload.</param>
public sealed record ContentRestricted(string ContentId, long CaseId, string Reason, [property: JsonIgnore] bool Held = false) : DomainEvent(System), ICaseAction
{
    [JsonIgnore]
    public override string WebhookType => "content.restricted";

    [JsonIgnore]
    public override string AuditAction => "content.restricted";

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";

    CaseActionKind ICaseAction.Kind => Held ? CaseActionKind.Held : CaseActionKind.Restricted;

    string ICaseAction.TargetId => ContentId;
}
