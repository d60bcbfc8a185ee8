using Aegis.Core.Reports;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>reports</c>: every report is kept, whatever triage did with it.</summary>
internal sealed class ReportRow
{
    public long Id { get; set; }

    public long ContentRowId { get; set; }

    public long? CaseId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public ReportCategory Category { get; set; }

    public ReportSource Source { get; set; }

    public bool ReporterIsSubject { get; set; }

    public bool? SubjectWasMinor { get; set; }

    public string? ReporterId { get; set; }

    public string? Text { get; set; }

    public TriageAction Outcome { get; set; }

    public bool Restricted { get; set; }
}
