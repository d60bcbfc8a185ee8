using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// The flood guard quarantined a whole exchange: its new entries matched far above its history, so every match of its
/// entries holds uploads for review instead of blocking them until a curator releases it. Told and audited.
/// </summary>
/// <param name="Actor">Who decided (<c>system</c>).</param>
/// <param name="Exchange">The exchange.</param>
/// <param name="Bank">The bank it fills.</param>
/// <param name="NewEntryMatches">Matches in the window of its entries added within the new-entry age.</param>
/// <param name="HistoricalRate">Its matches per window before (all its entries).</param>
/// <param name="WindowMinutes">The window.</param>
public sealed record ExchangeQuarantined(string Actor, string Exchange, string Bank, long NewEntryMatches, double HistoricalRate, int WindowMinutes) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => "exchange.quarantined";

    [JsonIgnore]
    public override string AuditAction => "exchange.quarantined";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
