using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>An item was preserved in the evidence vault (told to the platform, and audited). <see cref="Source"/> says how its bytes came: <c>gate</c>, <c>fetch</c> or <c>upload</c>.</summary>
public sealed record EvidencePreserved(string Actor, long EvidenceId, long CaseId, string ContentId, string MediaType, long Size, DateTimeOffset RetainUntil, string Source) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => "evidence.preserved";

    [JsonIgnore]
    public override string AuditAction => "evidence.preserved";

    [JsonIgnore]
    public override string AuditSubject => $"evidence:{EvidenceId}";
}
