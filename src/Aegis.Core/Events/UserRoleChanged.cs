using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A user's role was changed (it counts at their next request): audited only.</summary>
public sealed record UserRoleChanged(string Actor, string Name, string From, string To) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.role_changed";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
