using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A curator released an exchange the flood guard quarantined: its entries' matches act again; only matches after now count toward another quarantine (audited).</summary>
/// <param name="Actor">The curator.</param>
/// <param name="Exchange">The exchange.</param>
/// <param name="Bank">The bank it fills.</param>
public sealed record ExchangeReleased(string Actor, string Exchange, string Bank) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.released";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
