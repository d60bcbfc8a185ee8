using Aegis.Core.CyberTip;

namespace Aegis.Storage.Model;

/// <summary>A CyberTipline report and where its submission stands (times in Unix milliseconds).</summary>
internal sealed class CyberTipReportRow
{
    public long Id { get; set; }

    public string PersonId { get; set; } = "";

    public CyberTipState State { get; set; }

    public long? NcmecReportId { get; set; }

    public long? OpenedAt { get; set; }

    public long? LastChangeAt { get; set; }

    public CyberTipAction? InFlight { get; set; }

    public bool RetractPending { get; set; }

    public string? FailAfterRetract { get; set; }

    public int Attempts { get; set; }

    public long NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public int? LastCode { get; set; }

    public string? LastRequestId { get; set; }

    public string? Remedy { get; set; }

    public string? ApprovedBy { get; set; }

    public long? SubmittedAt { get; set; }

    /// <summary>NCMEC's ids of the person's earlier reports this one cites, comma-separated.</summary>
    public string FollowUpOf { get; set; } = "";

    /// <summary>The node working the submission, and until when its claim holds.</summary>
    public string? ClaimedBy { get; set; }

    public long ClaimedUntil { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>The report XML as it was submitted (kept with the report).</summary>
    public string? SubmittedXml { get; set; }
}

/// <summary>A confirmed case a report gathers.</summary>
internal sealed class CyberTipCaseRow
{
    public long ReportId { get; set; }

    public long CaseId { get; set; }
}

/// <summary>A file of a report, in upload order, and how far its upload has gone.</summary>
internal sealed class CyberTipFileRow
{
    public long ReportId { get; set; }

    public int Position { get; set; }

    public long EvidenceId { get; set; }

    public long CaseId { get; set; }

    public string ContentId { get; set; } = "";

    public string? FileId { get; set; }

    public string? Md5 { get; set; }

    public bool InfoSent { get; set; }
}
