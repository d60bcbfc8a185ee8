using Aegis.Core.Cases;
using Aegis.Core.CyberTip;
using Aegis.Core.Reports;
using Saga = Aegis.Core.CyberTip;

namespace Aegis.CyberTip.Reports;

/// <summary>
/// Builds the document model of a report (<see cref="CyberTipReport"/>) from what Aegis knows of its cases: the
/// incident (CSAM, or enticement when no media was confirmed as CSAM; sextortion annotated from the reports), the
/// reported person with the IP addresses the gate recorded at each upload, the victims who reported themselves, and a
/// file per preserved item with its original hashes, NCMEC's classification from the decision, whether a person at the
/// provider viewed it and whether it was public. Plain code.
/// </summary>
public static class CyberTipDrafting
{
    /// <summary>The document model of <paramref name="report"/>.</summary>
    /// <param name="report">The saga's report: its person, cases, files (in upload order) and the earlier reports it cites.</param>
    /// <param name="facts">Each of its cases, with its item and the reports made of it.</param>
    /// <param name="evidence">The preserved items the files are (by evidence id).</param>
    /// <param name="reporter">Who reports (from configuration).</param>
    /// <param name="messages">Messages preserved as evidence (a sextortion or enticement case's), sent as the incident's chat.</param>
    public static CyberTipReport Build(
        Saga.CyberTipReport report, IReadOnlyList<CyberTipCaseFacts> facts, IReadOnlyList<CyberTipEvidenceFile> evidence, CyberTipReporter reporter, IReadOnlyList<CyberTipMessage>? messages = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(evidence);
        var byCase = facts.ToDictionary(f => f.Case.Id);
        var byEvidence = evidence.ToDictionary(e => e.EvidenceId);
        var enticement = facts.Count > 0 && facts.All(f => CyberTipPolicy.Incident(f.Case) == Saga.CyberTipIncident.Enticement);
        var reports = facts.SelectMany(f => f.Reports).ToList();
        var at = facts.Select(f => f.Item.UploadedAt).OfType<DateTimeOffset>().Concat(reports.Select(r => r.ReceivedAt)).DefaultIfEmpty(facts.Select(f => f.Case.OpenedAt).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Min()).Min();
        var incident = new CyberTipIncident(enticement ? CyberTipIncidentType.OnlineEnticement : CyberTipIncidentType.ChildSexualAbuseMaterial, at)
        {
            Annotations = reports.Any(r => r.Category == ReportCategory.Sextortion) ? CyberTipReportAnnotations.Sextortion : CyberTipReportAnnotations.None,
            Urls = [.. evidence.Select(e => e.Url).OfType<string>().Distinct(StringComparer.Ordinal)],
            Chat = messages is { Count: > 0 } ? new CyberTipChat(messages) : null,
        };

        var person = report.PersonId.Length == 0 ? null : new CyberTipReportedPerson(report.PersonId)
        {
            IpEvents = [.. facts.Where(f => f.Item.UploaderId == report.PersonId && f.Item.UploaderIp is not null)
                .Select(f => new CyberTipIpEvent(f.Item.UploaderIp!, CyberTipIpEventKind.Upload, f.Item.UploadedAt)).Distinct()],
        };

        var victims = reports.Where(r => r.ReporterIsSubject).GroupBy(r => r.ReporterId ?? "")
            .Select(g => new CyberTipVictim(g.Key.Length == 0 ? null : g.Key) { Minor = g.Any(r => r.SubjectWasMinor == true), ReportedThemselves = true })
            .ToList();

        var files = report.Files.Select(f => File(f, byCase[f.CaseId], byEvidence[f.EvidenceId], report.PersonId)).ToList();
        return new CyberTipReport(incident, reporter, person, victims, files)
        {
            PriorReportIds = report.FollowUpOf,
            AdditionalInfo = $"Aegis report {report.Id}; cases {string.Join(", ", report.CaseIds)}.",
        };
    }

    /// <summary>The document model of one file (for its <c>fileDetails</c>).</summary>
    public static CyberTipFile File(Saga.CyberTipFile file, CyberTipCaseFacts facts, CyberTipEvidenceFile evidence, string personId)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(evidence);
        var item = facts.Item;
        var own = evidence.ContentId == item.ContentId;
        return new CyberTipFile(evidence.FileName)
        {
            UploadedBy = own && item.UploaderId is { } uploader && uploader == personId ? uploader : null,
            UploadedAt = own ? item.UploadedAt : null,
            UploadIp = own && item.UploaderIp is { } ip ? new CyberTipIpEvent(ip, CyberTipIpEventKind.Upload, item.UploadedAt) : null,
            Location = evidence.Url,
            ViewedByEsp = facts.Case.Decisions.Count > 0,
            PubliclyAvailable = own ? facts.Views > 0 : null,
            Relevance = own ? CyberTipFileRelevance.Reported : CyberTipFileRelevance.SupplementalReported,
            Classification = own ? facts.Case.Confirmation?.Classification : null,
            Hashes = own ? new CyberTipFileHashes(item.Md5, item.Sha256, item.Pdq) : null,
        };
    }
}
