namespace Aegis.CyberTip.Reports;

/// <summary>What happened and where (the report's <c>incidentSummary</c> and <c>internetDetails</c>).</summary>
/// <param name="Type">The incident type.</param>
/// <param name="At">When it happened (<c>incidentDateTime</c>): e.g. the first upload, or the first message.</param>
public sealed record CyberTipIncident(CyberTipIncidentType Type, DateTimeOffset At)
{
    /// <summary>Tags for the incident (<c>reportAnnotations</c>), e.g. <see cref="CyberTipReportAnnotations.Sextortion"/>.</summary>
    public CyberTipReportAnnotations Annotations { get; init; }

    /// <summary>Words about <see cref="At"/> (<c>incidentDateTimeDescription</c>), e.g. "time of the first upload".</summary>
    public string? AtDescription { get; init; }

    /// <summary>
    /// Set only to escalate: why a child is at immediate risk (<c>escalateToHighPriority</c>; NCMEC treats any text there
    /// as an escalation).
    /// </summary>
    public string? EscalationReason { get; init; }

    /// <summary>
    /// The URLs where the content was (<c>internetDetails/webPageIncident/url</c>). The files'
    /// <see cref="CyberTipFile.Location"/>s are added to them; duplicates are written once.
    /// </summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>The conversation, for enticement and sextortion in messages (<c>internetDetails/chatImIncident</c>).</summary>
    public CyberTipChat? Chat { get; init; }
}
