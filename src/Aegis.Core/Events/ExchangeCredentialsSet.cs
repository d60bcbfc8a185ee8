using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An exchange's credentials were set or cleared (audited only: that they changed, never what they are).</summary>
/// <param name="Actor">Who set them.</param>
/// <param name="Exchange">Its name.</param>
/// <param name="Cleared">True when they were removed rather than set.</param>
public sealed record ExchangeCredentialsSet(string Actor, string Exchange, bool Cleared) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.credentials_set";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
