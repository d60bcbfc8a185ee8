using System.Text.Json.Serialization;
using Aegis.Core.Cases;

namespace Aegis.Core.Events;

/// <summary>
/// A case was opened: by a report, by the cascade on a copy it held, or by the gate on a match or on an upload by a
/// suspended account (<see cref="Origin"/>; <see cref="FromCaseId"/> is the case it came from, <see cref="Match"/> the
/// bank entry that matched).
/// </summary>
public sealed record CaseOpened : CaseFields
{
    public CaseOpened(string actor, Case c, string reason, long? fromCaseId = null)
        : base(actor, c) => (Reason, FromCaseId, Origin, Match) = (reason, fromCaseId, c.Origin, c.Match);

    public string Reason { get; init; }

    public long? FromCaseId { get; init; }

    public CaseOrigin Origin { get; init; }

    public CaseMatch? Match { get; init; }

    [JsonIgnore]
    public override string WebhookType => "case.opened";

    [JsonIgnore]
    public override string AuditAction => "case.opened";
}
