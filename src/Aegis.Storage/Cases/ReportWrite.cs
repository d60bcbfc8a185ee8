using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>One report to write, with who sent it and the copies by hash of each reported item.</summary>
/// <param name="Intake">The report.</param>
/// <param name="Actor">Who sent it, for the audit log (an API key name).</param>
/// <param name="Copies">For each reported content id, the content rows that are copies of it by hash, with their PDQ distance
/// (0 for exact digests and vPDQ): a restricting report restricts those within the cascade's removal distance.</param>
/// <param name="Protect">For the report a protect-page submission makes: what it found, recorded with the report.</param>
public sealed record ReportWrite(
    ReportIntake Intake, string Actor, IReadOnlyDictionary<string, IReadOnlyCollection<(long RowId, int Distance)>>? Copies = null, ProtectFound? Protect = null);
