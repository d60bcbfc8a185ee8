using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A run of an exchange ended: one entry a run, with what it did (audited only).</summary>
/// <param name="Actor">Who fetched (the node's <c>system</c>).</param>
/// <param name="Exchange">Its name.</param>
/// <param name="Node">The node that ran it.</param>
/// <param name="Pages">Pages applied.</param>
/// <param name="Records">Records read.</param>
/// <param name="Added">Bank entries added or enabled again.</param>
/// <param name="Updated">Bank entries whose provenance changed.</param>
/// <param name="Removed">Bank entries disabled.</param>
/// <param name="Outcome"><c>done</c> (nothing more now), <c>more</c> (stopped at the page bound; due again at once),
/// <c>failed</c>, or <c>lost</c> (another node took the exchange over).</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record ExchangeFetched(
    string Actor, string Exchange, string Node, int Pages, long Records, long Added, long Updated, long Removed, string Outcome, string? Error) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.fetched";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
