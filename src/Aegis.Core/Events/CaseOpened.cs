using System.Text.Json.Serialization;
using Aegis.Core.Cases;

namespace Aegis.Core.Events;

/// <summary>A case was opened: by a report, or by the cascade on a copy it held (<see cref="FromCaseId"/>).</summary>
public sealed record CaseOpened : CaseFields
{
    public CaseOpened(string actor, Case c, string reason, long? fromCaseId = null)
        : base(actor, c) => (Reason, FromCaseId) = (reason, fromCaseId);

    public string Reason { get; init; }

    public long? FromCaseId { get; init; }

    [JsonIgnore]
    public override string WebhookType => "case.opened";

    [JsonIgnore]
    public override string AuditAction => "case.opened";
}
