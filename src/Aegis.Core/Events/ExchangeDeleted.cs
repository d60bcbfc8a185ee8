using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An exchange was removed; the bank entries only it held were disabled (audited only).</summary>
/// <param name="Actor">Who removed it.</param>
/// <param name="Exchange">Its name.</param>
/// <param name="EntriesDisabled">Entries it alone held, disabled with it.</param>
public sealed record ExchangeDeleted(string Actor, string Exchange, long EntriesDisabled) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.deleted";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
