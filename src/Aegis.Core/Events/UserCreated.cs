using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A local user account was made (audited only; never the password).</summary>
public sealed record UserCreated(string Actor, string Name, string Role) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.created";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
