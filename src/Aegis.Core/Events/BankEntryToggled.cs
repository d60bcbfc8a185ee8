using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A bank entry was enabled or disabled (audited only).</summary>
public sealed record BankEntryToggled(string Actor, string Bank, long EntryId, bool Enabled) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => Enabled ? "bank.entry_enabled" : "bank.entry_disabled";

    [JsonIgnore]
    public override string AuditSubject => $"bank:{Bank}";
}
