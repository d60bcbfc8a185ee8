using System.Text.Json.Serialization;
using Aegis.Core.Cases;

namespace Aegis.Core.Events;

/// <summary>A reviewer decided an appeal.</summary>
public sealed record CaseAppealDecided : CaseFields
{
    public CaseAppealDecided(Case c, string reviewer, ReviewerRole role, AppealOutcome outcome, string reason)
        : base(reviewer, c) => (Reviewer, Role, Outcome, Reason) = (reviewer, role, outcome, reason);

    public string Reviewer { get; init; }

    public ReviewerRole Role { get; init; }

    public AppealOutcome Outcome { get; init; }

    [JsonIgnore]
    public string Reason { get; init; }

    [JsonIgnore]
    public override string WebhookType => "case.appeal_decided";

    [JsonIgnore]
    public override string AuditAction => "case.appeal_decided";

    public override object AuditData() => new { Outcome, Role, Reason };
}
