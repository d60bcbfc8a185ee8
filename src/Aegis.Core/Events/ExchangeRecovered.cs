using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A failing exchange fetched without an error again.</summary>
/// <param name="Actor">Who noticed (<c>system</c>).</param>
/// <param name="Exchange">Its name.</param>
/// <param name="Bank">The bank it fills.</param>
/// <param name="FailedRuns">Failed runs before this success.</param>
public sealed record ExchangeRecovered(string Actor, string Exchange, string Bank, int FailedRuns) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => "exchange.recovered";

    [JsonIgnore]
    public override string AuditAction => "exchange.recovered";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
