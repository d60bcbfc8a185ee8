using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A disabled user may sign in again (audited only).</summary>
public sealed record UserEnabled(string Actor, string Name) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.enabled";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
