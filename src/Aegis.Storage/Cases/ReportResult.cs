using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>What a report did to one reported item.</summary>
/// <param name="ContentId">The item.</param>
/// <param name="ReportId">The stored report.</param>
/// <param name="CaseId">The case it opened or joined (none when only acknowledged).</param>
/// <param name="Action">Opened a case, joined one, or acknowledged (already removed).</param>
/// <param name="Restricted">This report restricted the item.</param>
/// <param name="Status">The item's status afterwards.</param>
/// <param name="Level">The case's priority level afterwards.</param>
public sealed record ReportResult(
    string ContentId, long ReportId, long? CaseId, TriageAction Action, bool Restricted, ContentStatus Status, PriorityLevel Level);
