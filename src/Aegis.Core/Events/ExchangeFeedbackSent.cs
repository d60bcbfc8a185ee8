using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A reviewer's verdict on an exchange's entry reached the exchange, or was given up (audited only).</summary>
/// <param name="Actor">Who sent it (the node's <c>system</c>).</param>
/// <param name="Exchange">The exchange.</param>
/// <param name="RecordKey">The exchange's record the entry came from.</param>
/// <param name="EntryId">The bank entry that matched.</param>
/// <param name="CaseId">The case whose decision it carries.</param>
/// <param name="Verdict"><c>confirmed</c> or <c>dismissed</c>.</param>
/// <param name="Outcome"><c>sent</c>, <c>skipped</c> (the exchange takes no such feedback) or <c>failed</c> (given up).</param>
/// <param name="Error">Why it was skipped or given up.</param>
public sealed record ExchangeFeedbackSent(
    string Actor, string Exchange, string RecordKey, long EntryId, long CaseId, string Verdict, string Outcome, string? Error) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "exchange.feedback";

    [JsonIgnore]
    public override string AuditSubject => $"exchange:{Exchange}";
}
