using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A bank's settings changed (enabled, threshold, action, kind, description, video rules): audited only.</summary>
/// <param name="Actor">Who changed them.</param>
/// <param name="Bank">The bank's name.</param>
/// <param name="Changes">Each setting that changed, with its new value as text.</param>
public sealed record BankUpdated(string Actor, string Bank, IReadOnlyDictionary<string, string?> Changes) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "bank.updated";

    [JsonIgnore]
    public override string AuditSubject => $"bank:{Bank}";
}
