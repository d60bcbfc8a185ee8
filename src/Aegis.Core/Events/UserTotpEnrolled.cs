using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A user was given a TOTP second factor (audited only; never the secret).</summary>
public sealed record UserTotpEnrolled(string Actor, string Name) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.totp_enrolled";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
