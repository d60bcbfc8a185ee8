namespace Aegis.Core.CyberTip;

/// <summary>What a call that succeeded returned: NCMEC's report id (submit), file id and MD5 (upload), its Request-ID.</summary>
public sealed record CyberTipOutcome(long? ReportId = null, string? FileId = null, string? Md5 = null, string? RequestId = null);
