using System.Text.Json.Serialization;
using Aegis.Matching.Banks;

namespace Aegis.Core.Events;

/// <summary>Content allowed earlier matches a hash banked since (retroactive matching); told to the platform.</summary>
public sealed record ContentMatched(string ContentId, string Bank, long EntryId, SignalType SignalType, int Distance, BankAction Action) : DomainEvent(System)
{
    [JsonIgnore]
    public override string WebhookType => "content.matched";

    [JsonIgnore]
    public override string? AuditAction => null;

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";
}
