using System.Text.Json.Serialization;
namespace Aegis.Core.Events;

/// <summary>A reviewer took a case until <see cref="Until"/> (audited only).</summary>
public sealed record CaseClaimed(string Actor, long CaseId, DateTimeOffset Until) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "case.claimed";

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";
}
