using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>
/// A person looked at a case and its item, or read an item's preserved bytes from the evidence vault (audited only,
/// before it is shown).
/// </summary>
public sealed record EvidenceViewed(string Actor, long CaseId, string ContentId) : DomainEvent(Actor)
{
    /// <summary>For a read of the vault: the preserved item read.</summary>
    public long? EvidenceId { get; init; }

    /// <summary>For a read of the vault: why (<c>review</c>, <c>cybertip upload</c>…).</summary>
    public string? Purpose { get; init; }

    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "evidence.viewed";

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";
}
