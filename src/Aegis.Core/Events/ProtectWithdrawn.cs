using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// The person withdrew a submission with its receipt: its hashes no longer match, and what it alone held is given back
/// (a case a reviewer already decided stands).
/// </summary>
/// <param name="SubmissionId">The submission.</param>
/// <param name="CaseId">Its case, if it had one.</param>
/// <param name="CaseClosed">Whether the case was closed by the withdrawal (it was open, and the submission its only report).</param>
/// <param name="Lifted">How many items were shown again.</param>
public sealed record ProtectWithdrawn(long SubmissionId, long? CaseId, bool CaseClosed, int Lifted) : DomainEvent(System)
{
    [JsonIgnore]
    public override string WebhookType => "protect.withdrawn";

    [JsonIgnore]
    public override string AuditAction => "protect.withdrawn";

    [JsonIgnore]
    public override string AuditSubject => $"protect:{SubmissionId}";
}
