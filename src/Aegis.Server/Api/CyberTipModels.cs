using Aegis.Core.CyberTip;

namespace Aegis.Server.Api;

/// <summary>
/// A case's CyberTipline report: its state (drafted, approved, submitting, submitted with NCMEC's report id, failed with
/// the reason and what a human can do), its files, and the report's XML (the draft as it would be sent now, or the
/// document that was submitted).
/// </summary>
public sealed record CyberTipView(
    long ReportId,
    CyberTipState State,
    string PersonId,
    IReadOnlyList<long> CaseIds,
    long? NcmecReportId,
    IReadOnlyList<long> FollowUpOf,
    IReadOnlyList<CyberTipFileView> Files,
    string? ApprovedBy,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    int? LastCode,
    string? LastRequestId,
    string? Remedy,
    string? Xml,
    IReadOnlyList<string> XmlErrors);

/// <summary>A file of the report, and how far its upload has gone at NCMEC.</summary>
public sealed record CyberTipFileView(long EvidenceId, long CaseId, string ContentId, string? FileId, string? Md5, bool InfoSent);
