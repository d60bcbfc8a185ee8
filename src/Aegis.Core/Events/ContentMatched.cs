using System.Text.Json.Serialization;
using Aegis.Core.Reports;
using Aegis.Matching.Banks;

namespace Aegis.Core.Events;

/// <summary>
/// Content allowed earlier matches a hash banked since (retroactive matching); told to the platform unless the item is
/// removed already (the cascade that banked the hash removed it, and the platform was told to remove it then).
/// </summary>
/// <param name="ContentId">The item.</param>
/// <param name="Bank">The bank of the hash it matches.</param>
/// <param name="EntryId">The bank entry.</param>
/// <param name="SignalType">The kind of hash.</param>
/// <param name="Distance">The PDQ distance (0 for digests).</param>
/// <param name="Action">The bank's action.</param>
/// <param name="Status">The item's status when the match was written; not in the payload.</param>
public sealed record ContentMatched(
    string ContentId, string Bank, long EntryId, SignalType SignalType, int Distance, BankAction Action,
    [property: JsonIgnore] ContentStatus Status = ContentStatus.Visible) : DomainEvent(System)
{
    [JsonIgnore]
    public override string? WebhookType => Status == ContentStatus.Removed ? null : "content.matched";

    [JsonIgnore]
    public override string? AuditAction => null;

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";
}
