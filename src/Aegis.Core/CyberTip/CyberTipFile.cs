namespace Aegis.Core.CyberTip;

/// <summary>One preserved item a report carries, and how far its upload has gone.</summary>
/// <param name="EvidenceId">The vault's item.</param>
/// <param name="CaseId">The case it was confirmed in.</param>
/// <param name="ContentId">The platform's id of the item.</param>
public sealed record CyberTipFile(long EvidenceId, long CaseId, string ContentId)
{
    /// <summary>NCMEC's id of the uploaded file (null: not uploaded to the current NCMEC report).</summary>
    public string? FileId { get; init; }

    /// <summary>The MD5 NCMEC computed of the bytes it received.</summary>
    public string? Md5 { get; init; }

    /// <summary>The file's details were sent.</summary>
    public bool InfoSent { get; init; }

    /// <summary>This file as it was before any NCMEC report was opened.</summary>
    public CyberTipFile Reset() => this with { FileId = null, Md5 = null, InfoSent = false };
}
