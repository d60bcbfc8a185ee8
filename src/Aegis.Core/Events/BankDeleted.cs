using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// A bank was deleted: it is gone (no longer listed or matched, its name free for a new bank), and its rows are kept for
/// the record (audited only).
/// </summary>
/// <param name="Actor">Who deleted it.</param>
/// <param name="Bank">The bank's name.</param>
/// <param name="Entries">How many entries it held (kept with it, never matched again).</param>
public sealed record BankDeleted(string Actor, string Bank, long Entries) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "bank.deleted";

    [JsonIgnore]
    public override string AuditSubject => $"bank:{Bank}";
}
