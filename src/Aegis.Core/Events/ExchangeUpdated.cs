using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An exchange's settings, schedule or enabled state changed (audited only).</summary>
/// <param name="Actor">Who changed them.</param>
/// <param name="Exchange">Its name.</param>
/// <param name="Changes">Each setting that changed, with its new value as text.</param>
public sealed record ExchangeUpdated(string Actor, string Exchange, IReadOnlyDictionary<string, string?> Changes) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.updated";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
