namespace Aegis.CyberTip.Reports;

/// <summary>The schema's <c>reportAnnotations</c>: tags for the whole incident.</summary>
[Flags]
public enum CyberTipReportAnnotations
{
    None = 0,

    /// <summary><c>sextortion</c>.</summary>
    Sextortion = 1,

    /// <summary><c>csamSolicitation</c>: someone asked for CSAM.</summary>
    CsamSolicitation = 2,

    /// <summary><c>minorToMinorInteraction</c>.</summary>
    MinorToMinorInteraction = 4,

    /// <summary><c>spam</c>.</summary>
    Spam = 8,

    /// <summary><c>sadisticOnlineExploitation</c>.</summary>
    SadisticOnlineExploitation = 16,
}
