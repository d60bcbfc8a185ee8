using System.Globalization;
using Aegis.Core.Cases;
using Aegis.Core.CyberTip;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>Reads and writes of report rows shared by the case workflow's transactions and <see cref="CyberTipStore"/>.</summary>
internal static class CyberTipRows
{
    /// <summary>
    /// In the transaction that confirms a case (its cascade, or a gate block): if the case is reportable, it joins its
    /// reported person's draft, or opens a new one; a report approves itself when the policy allows. The unique index on
    /// one draft per person makes two nodes racing here gather both cases in one report (the loser retries).
    /// </summary>
    public static async Task DraftAsync(AegisDbContext db, Case c, string? personId, Case? sourceCase, CaseRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!CyberTipPolicy.Reportable(c, sourceCase) || await db.CyberTipCases.AnyAsync(x => x.CaseId == c.Id, cancellationToken))
        {
            return;
        }

        var person = personId ?? "";
        var row = await db.CyberTipReports.Where(r => r.PersonId == person && r.State == CyberTipState.Drafted).OrderBy(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        CyberTipTransition step;
        if (row is null)
        {
            row = new CyberTipReportRow { Id = await CaseRows.NextIdAsync(db, "cybertip_reports", cancellationToken), CreatedAt = CaseRow.Millis(now) };
            step = CyberTipSaga.Draft(row.Id, person, c.Id, now);
            db.CyberTipReports.Add(row);
        }
        else
        {
            step = CyberTipSaga.AddCase(await ToReportAsync(db, row, cancellationToken), c.Id);
        }

        var events = step.Events.ToList();
        var report = step.Report;
        if (rules.CyberTip.ApprovesItself(c))
        {
            var approved = CyberTipSaga.Approve(report, CyberTipSaga.Actor, now);
            (report, events) = (approved.Report, [.. events, .. approved.Events]);
        }

        Apply(row, report);
        db.CyberTipCases.Add(new CyberTipCaseRow { ReportId = row.Id, CaseId = c.Id });
        EventWriter.Add(db, events, now);
    }

    public static async Task<CyberTipReport> ToReportAsync(AegisDbContext db, CyberTipReportRow row, CancellationToken cancellationToken)
    {
        var id = row.Id;
        var cases = await db.CyberTipCases.AsNoTracking().Where(c => c.ReportId == id).OrderBy(c => c.CaseId).Select(c => c.CaseId).ToListAsync(cancellationToken);
        var files = await db.CyberTipFiles.AsNoTracking().Where(f => f.ReportId == id).OrderBy(f => f.Position).ToListAsync(cancellationToken);
        return new CyberTipReport(row.Id, row.PersonId)
        {
            State = row.State,
            CaseIds = cases,
            Files = [.. files.Select(f => new CyberTipFile(f.EvidenceId, f.CaseId, f.ContentId) { FileId = f.FileId, Md5 = f.Md5, InfoSent = f.InfoSent })],
            FollowUpOf = [.. row.FollowUpOf.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture))],
            NcmecReportId = row.NcmecReportId,
            OpenedAt = CaseRow.Time(row.OpenedAt),
            LastChangeAt = CaseRow.Time(row.LastChangeAt),
            InFlight = row.InFlight,
            RetractPending = row.RetractPending,
            FailAfterRetract = row.FailAfterRetract,
            Attempts = row.Attempts,
            NextAttemptAt = CaseRow.Time(row.NextAttemptAt),
            LastError = row.LastError,
            LastCode = row.LastCode,
            LastRequestId = row.LastRequestId,
            Remedy = row.Remedy,
            ApprovedBy = row.ApprovedBy,
            SubmittedAt = CaseRow.Time(row.SubmittedAt),
        };
    }

    /// <summary>Copies the report's own fields onto its row (cases and files are rows of their own).</summary>
    public static void Apply(CyberTipReportRow row, CyberTipReport r)
    {
        row.PersonId = r.PersonId;
        row.State = r.State;
        row.NcmecReportId = r.NcmecReportId;
        row.OpenedAt = CaseRow.Millis(r.OpenedAt);
        row.LastChangeAt = CaseRow.Millis(r.LastChangeAt);
        row.InFlight = r.InFlight;
        row.RetractPending = r.RetractPending;
        row.FailAfterRetract = r.FailAfterRetract;
        row.Attempts = r.Attempts;
        row.NextAttemptAt = CaseRow.Millis(r.NextAttemptAt);
        row.LastError = Clip(r.LastError);
        row.LastCode = r.LastCode;
        row.LastRequestId = r.LastRequestId is { Length: > 128 } id ? id[..128] : r.LastRequestId;
        row.Remedy = r.Remedy;
        row.ApprovedBy = r.ApprovedBy;
        row.SubmittedAt = CaseRow.Millis(r.SubmittedAt);
        row.FollowUpOf = string.Join(',', r.FollowUpOf.Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    private static string? Clip(string? text) => text is { Length: > 4000 } ? text[..4000] : text;
}
