using Aegis.Core.Cases;

namespace Aegis.CyberTip.Reports;

/// <summary>A file uploaded with a report, and what its <c>fileDetails</c> says about it.</summary>
/// <param name="FileName">The name the file is uploaded to NCMEC under (<c>fileName</c>).</param>
public sealed record CyberTipFile(string FileName)
{
    /// <summary>The name the user uploaded it under (<c>originalFileName</c>).</summary>
    public string? OriginalFileName { get; init; }

    /// <summary>
    /// The account that uploaded it to the service; checked against the report's people (never written as such: the
    /// uploader is the reported person, whose id the report carries). Null when not known.
    /// </summary>
    public string? UploadedBy { get; init; }

    /// <summary>When it was uploaded to the service (<c>uploadedToEspTimestamp</c>).</summary>
    public DateTimeOffset? UploadedAt { get; init; }

    /// <summary>The address the upload came from (the file's <c>ipCaptureEvent</c>, usually <see cref="CyberTipIpEventKind.Upload"/>).</summary>
    public CyberTipIpEvent? UploadIp { get; init; }

    /// <summary>The URL where it was (<c>locationOfFile</c>; also listed in the report's <c>webPageIncident</c>).</summary>
    public string? Location { get; init; }

    /// <summary>Whether a person at the company looked at it (<c>fileViewedByEsp</c>); null: not said.</summary>
    public bool? ViewedByEsp { get; init; }

    /// <summary>Whether anyone online could see it (<c>publiclyAvailable</c>); null: not said.</summary>
    public bool? PubliclyAvailable { get; init; }

    /// <summary>The file's part in the report (<c>fileRelevance</c>).</summary>
    public CyberTipFileRelevance Relevance { get; init; } = CyberTipFileRelevance.Reported;

    /// <summary>Tags for the file (<c>fileAnnotations</c>).</summary>
    public CyberTipFileAnnotations Annotations { get; init; }

    /// <summary>
    /// The industry classification a reviewer gave (<c>industryClassification</c>; NCMEC takes it from companies that
    /// signed the Industry Hash Sharing MOU).
    /// </summary>
    public NcmecClassification? Classification { get; init; }

    /// <summary>The hashes of the bytes the user uploaded.</summary>
    public CyberTipFileHashes? Hashes { get; init; }

    /// <summary>Anything else about the file (<c>additionalInfo</c>), e.g. "video, 42 s".</summary>
    public string? AdditionalInfo { get; init; }
}
