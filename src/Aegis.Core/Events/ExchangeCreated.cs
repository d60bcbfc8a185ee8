using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An exchange was configured (audited only; its credentials are never part of it).</summary>
/// <param name="Actor">Who configured it.</param>
/// <param name="Exchange">Its name.</param>
/// <param name="Api">Its API (<c>ncmec</c>, <c>file</c>, …).</param>
/// <param name="Bank">The bank its hashes go to.</param>
/// <param name="Settings">Its settings (non-secret), as JSON text.</param>
/// <param name="ScheduleMinutes">How often it is fetched.</param>
/// <param name="Enabled">Whether it is fetched.</param>
public sealed record ExchangeCreated(string Actor, string Exchange, string Api, string Bank, string Settings, int ScheduleMinutes, bool Enabled) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.created";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
