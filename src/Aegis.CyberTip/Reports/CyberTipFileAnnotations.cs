namespace Aegis.CyberTip.Reports;

/// <summary>The schema's <c>fileAnnotations</c>: tags for one file.</summary>
[Flags]
public enum CyberTipFileAnnotations
{
    None = 0,
    AnimeDrawingVirtualHentai = 1,
    PotentialMeme = 2,
    Viral = 4,
    PossibleSelfProduction = 8,
    PhysicalHarm = 16,
    ViolenceGore = 32,
    Bestiality = 64,
    LiveStreaming = 128,
    Infant = 256,
    GenerativeAi = 512,
}
