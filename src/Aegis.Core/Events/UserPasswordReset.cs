using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A user's password was replaced, their lock cleared and their sessions ended (audited only; never the password).</summary>
public sealed record UserPasswordReset(string Actor, string Name) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.password_reset";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
