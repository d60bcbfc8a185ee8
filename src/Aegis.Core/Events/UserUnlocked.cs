using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An admin lifted a lock (and the count of failed sign-ins) before it ran out: audited only.</summary>
public sealed record UserUnlocked(string Actor, string Name) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.unlocked";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
