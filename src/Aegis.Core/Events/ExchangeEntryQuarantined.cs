using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// The flood guard quarantined an exchange's entry: it matched an unusual share of the uploads gated in the window, so its
/// matches hold uploads for review instead of blocking them until a curator releases it. Told to the platform (for its
/// curators) and audited.
/// </summary>
/// <param name="Actor">Who decided (<c>system</c>).</param>
/// <param name="Exchange">The exchange whose record holds the entry.</param>
/// <param name="Bank">The entry's bank.</param>
/// <param name="EntryId">The entry.</param>
/// <param name="SignalType">Its kind of hash (pdq, md5, sha256, vpdq).</param>
/// <param name="RecordKey">The exchange record it came from.</param>
/// <param name="ExternalId">The exchange's id for it.</param>
/// <param name="Member">Who shared it at the exchange, when it says.</param>
/// <param name="Category">Its category at the exchange.</param>
/// <param name="Matches">Its matches in the window, this one included.</param>
/// <param name="Gated">Uploads gated in the window.</param>
/// <param name="WindowMinutes">The window.</param>
public sealed record ExchangeEntryQuarantined(
    string Actor, string Exchange, string Bank, long EntryId, string SignalType, string? RecordKey, string? ExternalId, string? Member, string? Category,
    long Matches, long Gated, int WindowMinutes) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => "exchange.entry_quarantined";

    [JsonIgnore]
    public override string AuditAction => "exchange.entry_quarantined";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
