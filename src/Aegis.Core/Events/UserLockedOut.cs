using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>Failed sign-ins locked a user out until the given time (audited only).</summary>
public sealed record UserLockedOut(string Actor, string Name, DateTimeOffset LockedUntil) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.locked_out";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
