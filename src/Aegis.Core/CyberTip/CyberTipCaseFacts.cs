using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.Reports;

namespace Aegis.Core.CyberTip;

/// <summary>A case a report gathers, as the report is built from it.</summary>
/// <param name="Case">The case, with its decisions.</param>
/// <param name="Item">Its item as the gate recorded it (uploader, IP, upload time, hashes).</param>
/// <param name="Views">How many times the item was seen (public when above zero).</param>
/// <param name="Reports">The reports made of it, oldest first.</param>
public sealed record CyberTipCaseFacts(Case Case, ContentRecord Item, long Views, IReadOnlyList<CyberTipReportFacts> Reports);

/// <summary>A report a person made of the item.</summary>
public sealed record CyberTipReportFacts(DateTimeOffset ReceivedAt, ReportCategory Category, ReportSource Source, bool ReporterIsSubject, bool? SubjectWasMinor, string? ReporterId, string? Text);
