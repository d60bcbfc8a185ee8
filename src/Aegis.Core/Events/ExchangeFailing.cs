using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An exchange's fetches keep failing (or its credentials were refused): its bank is going stale.</summary>
/// <param name="Actor">Who noticed (<c>system</c>).</param>
/// <param name="Exchange">Its name.</param>
/// <param name="Bank">The bank it fills.</param>
/// <param name="ConsecutiveFailures">Failed runs in a row.</param>
/// <param name="Error">The last failure, in words (never a credential).</param>
/// <param name="LastSuccessAt">When it last fetched without an error, if ever.</param>
public sealed record ExchangeFailing(string Actor, string Exchange, string Bank, int ConsecutiveFailures, string Error, DateTimeOffset? LastSuccessAt) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => "exchange.failing";

    [JsonIgnore]
    public override string AuditAction => "exchange.failing";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
