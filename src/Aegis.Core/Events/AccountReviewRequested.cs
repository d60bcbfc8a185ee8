using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>An account that reshared or re-uploaded confirmed material is queued for the platform's review.</summary>
public sealed record AccountReviewRequested(string AccountId, long CaseId, string Reason) : DomainEvent(System), ICaseAction
{
    [JsonIgnore]
    public override string WebhookType => "account.review_requested";

    [JsonIgnore]
    public override string? AuditAction => null;

    [JsonIgnore]
    public override string AuditSubject => $"account:{AccountId}";

    CaseActionKind ICaseAction.Kind => CaseActionKind.ReviewRequested;

    string ICaseAction.TargetId => AccountId;
}
