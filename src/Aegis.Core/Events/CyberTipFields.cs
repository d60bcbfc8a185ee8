using System.Text.Json.Serialization;
using Aegis.Core.CyberTip;

namespace Aegis.Core.Events;

/// <summary>What every CyberTipline webhook and audit entry says of its report.</summary>
public abstract record CyberTipFields : DomainEvent
{
    protected CyberTipFields(string actor, CyberTipReport report)
        : base(actor)
    {
        ArgumentNullException.ThrowIfNull(report);
        (ReportId, PersonId, CaseIds, State, NcmecReportId) = (report.Id, report.PersonId, report.CaseIds, report.State, report.NcmecReportId);
    }

    /// <summary>Aegis's id of the report.</summary>
    public long ReportId { get; init; }

    public string PersonId { get; init; }

    public IReadOnlyList<long> CaseIds { get; init; }

    public CyberTipState State { get; init; }

    /// <summary>NCMEC's report id, once NCMEC opened it.</summary>
    public long? NcmecReportId { get; init; }

    [JsonIgnore]
    public override string AuditSubject => $"cybertip:{ReportId}";
}

/// <summary>A report was drafted from a confirmed case, or a confirmed case joined a draft.</summary>
public sealed record CyberTipDrafted(string Actor, [property: JsonIgnore] CyberTipReport Report, long CaseId) : CyberTipFields(Actor, Report)
{
    /// <summary>The case that was added.</summary>
    public long CaseId { get; init; } = CaseId;

    [JsonIgnore]
    public override string WebhookType => "cybertip.drafted";

    [JsonIgnore]
    public override string AuditAction => "cybertip.drafted";
}

/// <summary>A reviewer approved the submission (or it was approved automatically: actor <c>system</c>).</summary>
public sealed record CyberTipApproved(string Actor, [property: JsonIgnore] CyberTipReport Report) : CyberTipFields(Actor, Report)
{
    [JsonIgnore]
    public override string WebhookType => "cybertip.approved";

    [JsonIgnore]
    public override string AuditAction => "cybertip.approved";
}

/// <summary>One call to NCMEC, with its outcome and NCMEC's <c>Request-ID</c> (audited only).</summary>
public sealed record CyberTipStepTaken(string Actor, [property: JsonIgnore] CyberTipReport Report, CyberTipAction Action, string? ContentId, bool Succeeded, int? ResponseCode, string? RequestId, string? Error)
    : CyberTipFields(Actor, Report)
{
    public CyberTipAction Action { get; init; } = Action;

    /// <summary>For a file's step: the item.</summary>
    public string? ContentId { get; init; } = ContentId;

    public bool Succeeded { get; init; } = Succeeded;

    public int? ResponseCode { get; init; } = ResponseCode;

    public string? RequestId { get; init; } = RequestId;

    public string? Error { get; init; } = Error;

    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "cybertip.step";
}

/// <summary>NCMEC finished the report: it is submitted, with NCMEC's report id.</summary>
public sealed record CyberTipSubmitted(string Actor, [property: JsonIgnore] CyberTipReport Report) : CyberTipFields(Actor, Report)
{
    public int Files { get; init; } = Report.Files.Count;

    public IReadOnlyList<long> FollowUpOf { get; init; } = Report.FollowUpOf;

    [JsonIgnore]
    public override string WebhookType => "cybertip.submitted";

    [JsonIgnore]
    public override string AuditAction => "cybertip.submitted";
}

/// <summary>The submission stopped: why, and what a human can do (approve again to retry, fix credentials, ...).</summary>
public sealed record CyberTipFailed(string Actor, [property: JsonIgnore] CyberTipReport Report) : CyberTipFields(Actor, Report)
{
    public string Reason { get; init; } = Report.LastError ?? "unknown";

    public string? Remedy { get; init; } = Report.Remedy;

    public int? ResponseCode { get; init; } = Report.LastCode;

    public string? RequestId { get; init; } = Report.LastRequestId;

    [JsonIgnore]
    public override string WebhookType => "cybertip.failed";

    [JsonIgnore]
    public override string AuditAction => "cybertip.failed";
}

/// <summary>A person looked at a report (its XML names the reported person, IP addresses and hashes): audited only.</summary>
public sealed record CyberTipViewed(string Actor, [property: JsonIgnore] CyberTipReport Report, long CaseId) : CyberTipFields(Actor, Report)
{
    /// <summary>The case the report was opened from.</summary>
    public long CaseId { get; init; } = CaseId;

    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "cybertip.viewed";
}
