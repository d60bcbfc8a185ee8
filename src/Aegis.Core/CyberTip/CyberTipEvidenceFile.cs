namespace Aegis.Core.CyberTip;

/// <summary>A preserved item of a case, as a report names it (its bytes stay in the vault until they are uploaded).</summary>
/// <param name="EvidenceId">The vault's item.</param>
/// <param name="CaseId">The case it was preserved for.</param>
/// <param name="ContentId">The platform's id of the item (the case's own item, or messages the platform uploaded for it).</param>
/// <param name="FileName">The name the file is sent under.</param>
/// <param name="MediaType">Its media type, when known.</param>
/// <param name="Url">Where the platform served it, when known.</param>
public sealed record CyberTipEvidenceFile(long EvidenceId, long CaseId, string ContentId, string FileName, string? MediaType, string? Url);
