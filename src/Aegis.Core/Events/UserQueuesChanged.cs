using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A user was given other review queues (audited only).</summary>
/// <param name="Actor">Who changed them.</param>
/// <param name="Name">The user.</param>
/// <param name="Queues">The queues now, e.g. "child-safety, general"; "default" for their role's default.</param>
public sealed record UserQueuesChanged(string Actor, string Name, string Queues) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.queues_changed";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
