using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A curator released an entry the flood guard quarantined: its matches act again, and the guard leaves it alone from now on (audited).</summary>
/// <param name="Actor">The curator.</param>
/// <param name="Exchange">The exchange whose record holds the entry.</param>
/// <param name="Bank">The entry's bank.</param>
/// <param name="EntryId">The entry.</param>
/// <param name="RecordKey">The exchange record it came from.</param>
public sealed record ExchangeEntryReleased(string Actor, string Exchange, string Bank, long EntryId, string? RecordKey) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.entry_released";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
