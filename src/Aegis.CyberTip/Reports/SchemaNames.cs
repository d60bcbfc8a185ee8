using Aegis.Core.Cases;

namespace Aegis.CyberTip.Reports;

/// <summary>The model's enums spelled as the schema's enumerations and element names.</summary>
internal static class SchemaNames
{
    public static string Of(CyberTipIncidentType type) => type switch
    {
        CyberTipIncidentType.ChildSexualAbuseMaterial => "Child Pornography (possession, manufacture, and distribution)",
        CyberTipIncidentType.OnlineEnticement => "Online Enticement of Children for Sexual Acts",
        CyberTipIncidentType.UnsolicitedObsceneMaterialSentToChild => "Unsolicited Obscene Material Sent to a Child",
        CyberTipIncidentType.ChildSexTrafficking => "Child Sex Trafficking",
        CyberTipIncidentType.ChildSexTourism => "Child Sex Tourism",
        CyberTipIncidentType.ChildSexualMolestation => "Child Sexual Molestation",
        CyberTipIncidentType.MisleadingDomainName => "Misleading Domain Name",
        CyberTipIncidentType.MisleadingWordsOrDigitalImages => "Misleading Words or Digital Images on the Internet",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Incident.Type is not an incident type NCMEC knows."),
    };

    public static string Of(CyberTipIpEventKind kind) => kind switch
    {
        CyberTipIpEventKind.Unknown => "Unknown",
        CyberTipIpEventKind.Upload => "Upload",
        CyberTipIpEventKind.Login => "Login",
        CyberTipIpEventKind.Registration => "Registration",
        CyberTipIpEventKind.Purchase => "Purchase",
        CyberTipIpEventKind.Other => "Other",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An IP event's Kind is not one NCMEC knows."),
    };

    public static string Of(CyberTipFileRelevance relevance) => relevance switch
    {
        CyberTipFileRelevance.Reported => "Reported",
        CyberTipFileRelevance.SupplementalReported => "Supplemental Reported",
        _ => throw new ArgumentOutOfRangeException(nameof(relevance), relevance, "A file's Relevance is not one NCMEC knows."),
    };

    public static string Of(NcmecClassification classification) => classification switch
    {
        NcmecClassification.A1 => "A1",
        NcmecClassification.A2 => "A2",
        NcmecClassification.B1 => "B1",
        NcmecClassification.B2 => "B2",
        _ => throw new ArgumentOutOfRangeException(nameof(classification), classification, "A file's Classification is not A1, A2, B1 or B2."),
    };

    /// <summary>The <c>reportAnnotations</c> elements, in the order the model lists them.</summary>
    public static readonly IReadOnlyList<(CyberTipReportAnnotations Flag, string Element)> ReportAnnotations =
    [
        (CyberTipReportAnnotations.Sextortion, "sextortion"),
        (CyberTipReportAnnotations.CsamSolicitation, "csamSolicitation"),
        (CyberTipReportAnnotations.MinorToMinorInteraction, "minorToMinorInteraction"),
        (CyberTipReportAnnotations.Spam, "spam"),
        (CyberTipReportAnnotations.SadisticOnlineExploitation, "sadisticOnlineExploitation"),
    ];

    /// <summary>The <c>fileAnnotations</c> elements, in the order the model lists them.</summary>
    public static readonly IReadOnlyList<(CyberTipFileAnnotations Flag, string Element)> FileAnnotations =
    [
        (CyberTipFileAnnotations.AnimeDrawingVirtualHentai, "animeDrawingVirtualHentai"),
        (CyberTipFileAnnotations.PotentialMeme, "potentialMeme"),
        (CyberTipFileAnnotations.Viral, "viral"),
        (CyberTipFileAnnotations.PossibleSelfProduction, "possibleSelfProduction"),
        (CyberTipFileAnnotations.PhysicalHarm, "physicalHarm"),
        (CyberTipFileAnnotations.ViolenceGore, "violenceGore"),
        (CyberTipFileAnnotations.Bestiality, "bestiality"),
        (CyberTipFileAnnotations.LiveStreaming, "liveStreaming"),
        (CyberTipFileAnnotations.Infant, "infant"),
        (CyberTipFileAnnotations.GenerativeAi, "generativeAi"),
    ];
}
