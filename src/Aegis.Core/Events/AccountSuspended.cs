using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>The uploader of confirmed material is to be suspended.</summary>
public sealed record AccountSuspended(string AccountId, long CaseId, string Reason) : DomainEvent(System), ICaseAction
{
    [JsonIgnore]
    public override string WebhookType => "account.suspended";

    [JsonIgnore]
    public override string AuditAction => "account.suspended";

    [JsonIgnore]
    public override string AuditSubject => $"account:{AccountId}";

    CaseActionKind ICaseAction.Kind => CaseActionKind.Suspended;

    string ICaseAction.TargetId => AccountId;
}
