namespace Aegis.CyberTip.Reports;

/// <summary>
/// One CyberTipline report: what happened, who reports it, the one person or account it is about, their victims, and the
/// files to upload with it. <see cref="CyberTipXml.Report"/> turns it into the <c>&lt;report&gt;</c> submitted first;
/// <see cref="CyberTipXml.FileDetails"/> turns each of <see cref="Files"/> into the <c>fileDetails</c> sent after that
/// file's upload.
/// </summary>
/// <param name="Incident">The incident summary and where it happened online.</param>
/// <param name="Reporter">The reporting company and person, from configuration.</param>
/// <param name="ReportedPerson">The account the report is about; null when it is not known.</param>
/// <param name="Victims">The children concerned, when known (a victim's own report, an enticement's recipient).</param>
/// <param name="Files">
/// The files uploaded with the report: this person's own uploads (and what a victim sent them). A copy another account
/// uploaded is that account's report, never this one's: <see cref="CyberTipXml.Report"/> refuses a file whose
/// <see cref="CyberTipFile.UploadedBy"/> is neither the reported person nor a victim. Empty for a text-only case.
/// </param>
public sealed record CyberTipReport(
    CyberTipIncident Incident,
    CyberTipReporter Reporter,
    CyberTipReportedPerson? ReportedPerson,
    IReadOnlyList<CyberTipVictim> Victims,
    IReadOnlyList<CyberTipFile> Files)
{
    /// <summary>
    /// Earlier CyberTipline report ids this report follows up. The schema has no report-level "supplements report N"
    /// element; its place for earlier reports is <c>personOrUserReported/priorCTReports</c> ("report ID numbers for any
    /// prior CyberTipline reports on this reported person or user"), so they go there, and are also named at the head of
    /// the report's <c>additionalInfo</c> so an analyst sees the report is a follow-up (and so they are not lost when the
    /// reported person is unknown).
    /// </summary>
    public IReadOnlyList<long> PriorReportIds { get; init; } = [];

    /// <summary>Anything else about the incident (the report's <c>additionalInfo</c>).</summary>
    public string? AdditionalInfo { get; init; }
}
