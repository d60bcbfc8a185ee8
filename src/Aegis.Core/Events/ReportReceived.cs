using System.Text.Json.Serialization;
using Aegis.Core.Reports;

namespace Aegis.Core.Events;

/// <summary>A report was stored (audited only: the platform sent it). <paramref name="CaseId"/> is null when it was only acknowledged.</summary>
public sealed record ReportReceived(
    string Actor, string ContentId, long ReportId, long? CaseId, ReportCategory Category, ReportSource Source, bool IsSubject, bool? Minor,
    PriorityLevel Level, TriageAction Outcome) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string? AuditAction => "report.received";

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";
}
