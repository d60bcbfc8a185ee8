using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// An exchange API's credentials were set or cleared (HMA's per-API credentials, which every exchange of that API without
/// its own uses); audited only: that they changed, never what they are.
/// </summary>
/// <param name="Actor">Who set them.</param>
/// <param name="Api">The API (<c>ncmec</c>, …).</param>
/// <param name="Cleared">True when they were removed rather than set.</param>
public sealed record ExchangeApiCredentialsSet(string Actor, string Api, bool Cleared) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.api_credentials_set";

    [JsonIgnore]
    public override string AuditSubject => $"exchange-api:{Api}";
}
