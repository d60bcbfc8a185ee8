using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// A reviewer deliberately revealed a case's media unblurred in the review console, for a few seconds (audited before
/// the unblurred bytes go out; counted for the reviewer's own wellness figures).
/// </summary>
/// <param name="Actor">The reviewer.</param>
/// <param name="CaseId">The case whose media was revealed.</param>
/// <param name="ContentId">The item the media is of.</param>
/// <param name="EvidenceId">The preserved file revealed.</param>
public sealed record EvidenceRevealed(string Actor, long CaseId, string ContentId, long EvidenceId) : DomainEvent(Actor)
{
    public const string Action = "evidence.revealed";

    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => Action;

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";
}
