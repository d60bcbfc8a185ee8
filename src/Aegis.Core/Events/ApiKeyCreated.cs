using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An API key was made (audited only; never the secret).</summary>
public sealed record ApiKeyCreated(string Actor, string Name, string Role) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "apikey.created";

    [JsonIgnore]
    public override string AuditSubject => $"apikey:{Name}";
}
