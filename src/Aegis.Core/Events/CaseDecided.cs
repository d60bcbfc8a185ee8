using System.Text.Json.Serialization;
using Aegis.Core.Cases;

namespace Aegis.Core.Events;

/// <summary>A reviewer's decision was accepted.</summary>
public sealed record CaseDecided : CaseFields
{
    public CaseDecided(Case c, Decision d)
        : base(Check(d).Reviewer, c) => (Decision, Reviewer, Role, Reason, Classification) = (d.Kind, d.Reviewer, d.Role, d.Reason, d.Classification);

    public DecisionKind Decision { get; init; }

    public string Reviewer { get; init; }

    public ReviewerRole Role { get; init; }

    /// <summary>The reviewer's words: audited, not sent to the platform.</summary>
    [JsonIgnore]
    public string Reason { get; init; }

    public NcmecClassification? Classification { get; init; }

    [JsonIgnore]
    public override string WebhookType => "case.decided";

    [JsonIgnore]
    public override string AuditAction => "case.decided";

    public override object AuditData() => new { Decision, Role, Reason, Classification, State };

    private static Decision Check(Decision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return d;
    }
}
