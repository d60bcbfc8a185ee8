namespace Aegis.CyberTip.Reports;

/// <summary>The schema's <c>fileRelevance</c>.</summary>
public enum CyberTipFileRelevance
{
    /// <summary>"Reported": the file is what the report is about.</summary>
    Reported,

    /// <summary>"Supplemental Reported": context for the report (e.g. a screenshot of the conversation).</summary>
    SupplementalReported,
}
