using System.Text.Json;
using Aegis.Core.CyberTip;
using Aegis.CyberTip.Reports;
using Aegis.CyberTip.Schema;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Saga = Aegis.Core.CyberTip;

namespace Aegis.Server.CyberTip;

/// <summary>
/// The documents and files of a submission: the report's XML built from its cases (<see cref="CyberTipDrafting"/>,
/// checked against NCMEC's schema), each file's bytes from the vault (each read audited), its <c>fileDetails</c>, and
/// the evidence kept a year from the report.
/// </summary>
internal sealed class CyberTipDocuments(CyberTipStore reports, ICyberTipEvidence evidence, ServerOptions options, TimeProvider time)
{
    /// <summary>The evidence is kept this long after NCMEC's report (the law's year, and a day for the clock's sake).</summary>
    public static readonly TimeSpan RetainAfterReport = TimeSpan.FromDays(366);

    /// <summary>The actor of the vault reads a submission makes.</summary>
    public const string Actor = "cybertip";

    /// <summary>The report's XML as it would be sent now, or why it cannot be built.</summary>
    public async Task<(string? Xml, IReadOnlyList<string> Errors)> DraftAsync(Saga.CyberTipReport report, CancellationToken cancellationToken)
    {
        try
        {
            var items = await evidence.ForCasesAsync(report.CaseIds, cancellationToken);
            var files = report.Files.Count > 0 ? report : await WithFilesAsync(report, items, cancellationToken);
            return (await BuildAsync(files, items, cancellationToken), []);
        }
        catch (CyberTipSchemaException e)
        {
            return (null, e.Errors);
        }
        catch (Exception e) when (e is ArgumentException or CyberTipDocumentException)
        {
            return (null, [e.Message]);
        }
    }

    /// <summary>
    /// Before the report is opened at NCMEC: its files fixed (every case's preserved items), the earlier reports cited,
    /// and the XML built and checked. A failure says whether waiting can help (evidence still arriving) or a person must act.
    /// </summary>
    public async Task<(Saga.CyberTipReport Report, string? Xml, CyberTipFailure? Failure)> PrepareAsync(Saga.CyberTipReport report, CancellationToken cancellationToken)
    {
        var waiting = await evidence.NotPreservedAsync(report.CaseIds, cancellationToken);
        if (waiting.Count > 0)
        {
            return (report, null, new CyberTipFailure($"Waiting for the evidence of {string.Join(", ", waiting)} to be preserved.", null, true, false, null,
                "Upload the items with PUT /v1/cases/{id}/evidence/{contentId}, then approve the report again."));
        }

        try
        {
            var items = await evidence.ForCasesAsync(report.CaseIds, cancellationToken);
            var prepared = await WithFilesAsync(report, items, cancellationToken);
            return (prepared, await BuildAsync(prepared, items, cancellationToken), null);
        }
        catch (CyberTipSchemaException e)
        {
            return (report, null, new CyberTipFailure(e.Message, null, false, false, null, "Correct the case's data or the CyberTip:Reporter settings, then approve the report again."));
        }
        catch (ArgumentException e)
        {
            return (report, null, new CyberTipFailure(e.Message, null, false, false, null, "Correct the setting or the case's data named in the error, then approve the report again."));
        }
    }

    /// <summary>A file's bytes for its upload (read from the vault, integrity checked, audited).</summary>
    public async Task<(string FileName, Stream Stream)> OpenFileAsync(Saga.CyberTipReport report, Saga.CyberTipFile file, CancellationToken cancellationToken)
    {
        var named = (await evidence.ForCasesAsync([file.CaseId], cancellationToken)).FirstOrDefault(e => e.EvidenceId == file.EvidenceId)
            ?? throw new CyberTipDocumentException($"The evidence of {file.ContentId} (item {file.EvidenceId}) is no longer in the vault.", "Upload the item again with PUT /v1/cases/{id}/evidence/{contentId}, then approve the report again.");
        var bytes = await evidence.ReadAsync(file.EvidenceId, Actor, $"cybertip report {report.Id} upload", cancellationToken);
        return (named.FileName, new MemoryStream(bytes, writable: false));
    }

    /// <summary>A file's <c>fileDetails</c> for NCMEC's report and file ids.</summary>
    public async Task<string> FileDetailsAsync(Saga.CyberTipReport report, Saga.CyberTipFile file, CancellationToken cancellationToken)
    {
        var facts = (await reports.FactsAsync([file.CaseId], cancellationToken)).Single();
        var named = (await evidence.ForCasesAsync([file.CaseId], cancellationToken)).First(e => e.EvidenceId == file.EvidenceId);
        return CyberTipXml.FileDetails(report.NcmecReportId!.Value, file.FileId!, CyberTipDrafting.File(file, facts, named, report.PersonId));
    }

    /// <summary>The report's evidence is kept a year from now (from NCMEC's report), before NCMEC is told it is complete.</summary>
    public Task RetainAsync(Saga.CyberTipReport report, CancellationToken cancellationToken) =>
        evidence.RetainAsync([.. report.Files.Select(f => f.EvidenceId)], time.GetUtcNow() + RetainAfterReport, $"cybertip report {report.Id}", cancellationToken);

    /// <summary>The report with its cases' preserved <paramref name="items"/> as its files, and the earlier reports it cites.</summary>
    private async Task<Saga.CyberTipReport> WithFilesAsync(Saga.CyberTipReport report, IReadOnlyList<CyberTipEvidenceFile> items, CancellationToken cancellationToken)
    {
        var files = items.OrderBy(e => e.CaseId).ThenBy(e => e.EvidenceId).Select(e => new Saga.CyberTipFile(e.EvidenceId, e.CaseId, e.ContentId)).ToList();
        var earlier = await reports.EarlierNcmecIdsAsync(report.PersonId, report.Id, cancellationToken);
        return report.NcmecReportId is null && report.State is CyberTipState.Approved or CyberTipState.Submitting
            ? CyberTipSaga.Prepare(report, files, earlier)
            : report with { Files = files, FollowUpOf = earlier };
    }

    /// <summary>The report's XML from its cases and their preserved <paramref name="items"/> (read once by the caller).</summary>
    private async Task<string> BuildAsync(Saga.CyberTipReport report, IReadOnlyList<CyberTipEvidenceFile> items, CancellationToken cancellationToken)
    {
        var reporter = Reporter();
        var facts = await reports.FactsAsync(report.CaseIds, cancellationToken);
        var messages = new List<CyberTipMessage>();
        foreach (var item in items.Where(e => IsMessages(e.MediaType)))
        {
            var bytes = await evidence.ReadAsync(item.EvidenceId, Actor, $"cybertip report {report.Id} messages", cancellationToken);
            messages.AddRange(Messages(bytes, item, report.PersonId, facts.First(f => f.Case.Id == item.CaseId).Case.OpenedAt));
        }

        return CyberTipXml.Report(CyberTipDrafting.Build(report, facts, items, reporter, messages));
    }

    private CyberTipReporter Reporter()
    {
        var o = options.CyberTip.Reporter;
        return new CyberTipReporter(o.Email ?? "") { FirstName = o.FirstName, LastName = o.LastName, Phone = o.Phone, CompanyName = o.Company };
    }

    private static bool IsMessages(string? mediaType) =>
        mediaType is not null && (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Messages the platform preserved: a JSON array of <c>{"sent_at", "from", "to", "text"}</c>, or plain text (one
    /// message from the reported person).
    /// </summary>
    private static IEnumerable<CyberTipMessage> Messages(byte[] bytes, CyberTipEvidenceFile item, string personId, DateTimeOffset at)
    {
        if (item.MediaType!.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return JsonSerializer.Deserialize<List<MessageJson>>(bytes, Json)?.Where(m => m.Text is not null)
                    .Select(m => new CyberTipMessage(m.SentAt ?? at, m.From ?? personId, m.To, m.Text!)).ToList() ?? [];
            }
            catch (JsonException e)
            {
                throw new CyberTipDocumentException($"The messages of {item.ContentId} are not a JSON array of messages: {e.Message}",
                    "Upload them again as a JSON array of {\"sent_at\", \"from\", \"to\", \"text\"} (or as text/plain).");
            }
        }

        return [new CyberTipMessage(at, personId.Length > 0 ? personId : "unknown", null, System.Text.Encoding.UTF8.GetString(bytes))];
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record MessageJson(DateTimeOffset? SentAt, string? From, string? To, string? Text);
}
