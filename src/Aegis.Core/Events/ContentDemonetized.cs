using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>The item must stop earning: restricted with a case (restrict-first), or removed by its cascade.</summary>
public sealed record ContentDemonetized(string ContentId, long CaseId, string Reason) : DomainEvent(System), ICaseAction
{
    [JsonIgnore]
    public override string WebhookType => "content.demonetized";

    [JsonIgnore]
    public override string AuditAction => "content.demonetized";

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";

    CaseActionKind ICaseAction.Kind => CaseActionKind.Demonetized;

    string ICaseAction.TargetId => ContentId;
}
