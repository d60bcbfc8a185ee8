using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A user was disabled (they cannot sign in and their sessions end): audited only.</summary>
public sealed record UserDisabled(string Actor, string Name) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.disabled";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
