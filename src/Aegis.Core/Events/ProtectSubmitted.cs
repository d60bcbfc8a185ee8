using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// A person protected their pictures through the protect page: their hashes were banked and what already matched was
/// restricted. Says nothing of the pictures or the person (no contact, no hashes): counts only.
/// </summary>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Statement"><c>self_minor</c>, <c>guardian</c> or <c>self_adult</c>.</param>
/// <param name="Files">How many files it named.</param>
/// <param name="Hashes">How many hashes it banked.</param>
/// <param name="Found">How many items already recorded matched.</param>
/// <param name="CaseId">The case they were gathered in, if any matched.</param>
public sealed record ProtectSubmitted(long SubmissionId, string Statement, int Files, int Hashes, int Found, long? CaseId) : DomainEvent(System)
{
    [JsonIgnore]
    public override string WebhookType => "protect.submitted";

    [JsonIgnore]
    public override string AuditAction => "protect.submitted";

    [JsonIgnore]
    public override string AuditSubject => $"protect:{SubmissionId}";
}
