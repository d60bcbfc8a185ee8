using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An API key was revoked (audited only).</summary>
public sealed record ApiKeyRevoked(string Actor, string Name) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "apikey.revoked";

    [JsonIgnore]
    public override string AuditSubject => $"apikey:{Name}";
}
