using System.Text.Json.Serialization;
using Aegis.Core.Cases;

namespace Aegis.Core.Events;

/// <summary>Another report joined an open case (its count and maybe its level rose); the report itself is audited.</summary>
public sealed record CaseUpdated : CaseFields
{
    public CaseUpdated(string actor, Case c)
        : base(actor, c)
    {
    }

    [JsonIgnore]
    public override string WebhookType => "case.updated";

    [JsonIgnore]
    public override string? AuditAction => null;
}
