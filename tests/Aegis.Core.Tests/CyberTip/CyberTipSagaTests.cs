using Aegis.Core.CyberTip;
using Aegis.Core.Events;

namespace Aegis.Core.Tests.CyberTip;

public sealed class CyberTipSagaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_approved_report_goes_submit_upload_fileinfo_per_file_then_finish_and_is_submitted()
    {
        var report = Approved(files: 2);
        var calls = new List<CyberTipStep>();
        while (CyberTipSaga.Next(report, T0) is { } step)
        {
            calls.Add(step);
            report = CyberTipSaga.Succeeded(CyberTipSaga.Begin(report, step), step, Outcome(step), T0).Report;
        }

        Assert.Equal(
            [new(CyberTipAction.Submit), new(CyberTipAction.Upload, 0), new(CyberTipAction.FileInfo, 0), new(CyberTipAction.Upload, 1), new(CyberTipAction.FileInfo, 1), new(CyberTipAction.Finish)],
            calls);
        Assert.Equal((CyberTipState.Submitted, 900L, (CyberTipAction?)null), (report.State, report.NcmecReportId!.Value, report.InFlight));
        Assert.All(report.Files, f => Assert.True(f.InfoSent));
    }

    [Fact]
    public void A_draft_is_not_submitted_until_approved_and_a_submitted_report_cannot_be_approved_again()
    {
        var draft = CyberTipSaga.Draft(1, "acct", 7, T0).Report;
        Assert.Null(CyberTipSaga.Next(draft, T0));
        var approved = CyberTipSaga.Approve(draft, "rev", T0);
        Assert.IsType<CyberTipApproved>(Assert.Single(approved.Events));
        Assert.Equal(new CyberTipStep(CyberTipAction.Submit), CyberTipSaga.Next(approved.Report, T0));
        Assert.Throws<CyberTipRefusal>(() => CyberTipSaga.Approve(approved.Report with { State = CyberTipState.Submitted }, "rev", T0));
        Assert.Throws<CyberTipRefusal>(() => CyberTipSaga.AddCase(approved.Report, 8));
    }

    [Fact]
    public void An_upload_whose_answer_was_lost_retracts_the_report_and_sends_it_again_whole()
    {
        var report = Opened(files: 2);
        var upload = CyberTipSaga.Next(report, T0)!.Value;
        var lost = CyberTipSaga.Failed(CyberTipSaga.Begin(report, upload), upload, new CyberTipFailure("connection reset", null, true, true, null), T0).Report;

        Assert.Equal(new CyberTipStep(CyberTipAction.Retract), CyberTipSaga.Next(lost, T0));
        var retracted = CyberTipSaga.Succeeded(lost, new(CyberTipAction.Retract), new(), T0).Report;
        Assert.Null(retracted.NcmecReportId);
        Assert.All(retracted.Files, f => Assert.Null(f.FileId));
        Assert.Equal(new CyberTipStep(CyberTipAction.Submit), CyberTipSaga.Next(retracted, T0));
    }

    [Fact]
    public void A_node_that_died_during_a_finish_makes_it_again_and_NCMECs_already_finished_counts_as_done()
    {
        var report = Opened(files: 0);
        var inFlight = CyberTipSaga.Begin(report, new(CyberTipAction.Finish));
        var resumed = CyberTipSaga.Interrupted(inFlight, T0.AddMinutes(1)).Report;
        Assert.Equal(new CyberTipStep(CyberTipAction.Finish), CyberTipSaga.Next(resumed, resumed.NextAttemptAt));

        var done = CyberTipSaga.Failed(resumed, new(CyberTipAction.Finish), new CyberTipFailure("already finished", NcmecCodes.AlreadyFinished, false, false, "rq"), T0);
        Assert.Equal(CyberTipState.Submitted, done.Report.State);
        Assert.Contains(done.Events, e => e is CyberTipSubmitted);
    }

    [Fact]
    public void A_submit_whose_answer_was_lost_is_made_again_the_orphan_never_finished()
    {
        var report = Approved(files: 1);
        var lost = CyberTipSaga.Interrupted(CyberTipSaga.Begin(report, new(CyberTipAction.Submit)), T0).Report;
        Assert.Equal(CyberTipState.Submitting, lost.State);
        Assert.Equal(new CyberTipStep(CyberTipAction.Submit), CyberTipSaga.Next(lost, lost.NextAttemptAt));
    }

    [Fact]
    public void A_refusal_after_the_report_opened_retracts_it_then_fails_with_a_remedy()
    {
        var report = Opened(files: 1);
        var upload = CyberTipSaga.Next(report, T0)!.Value;
        var refused = CyberTipSaga.Failed(report, upload, new CyberTipFailure("malformed file", NcmecCodes.MalformedFile, false, false, "rq-1"), T0).Report;
        Assert.Equal((CyberTipState.Submitting, true), (refused.State, refused.RetractPending));

        var failed = CyberTipSaga.Succeeded(refused, new(CyberTipAction.Retract), new(), T0);
        Assert.Equal(CyberTipState.Failed, failed.Report.State);
        Assert.Null(failed.Report.NcmecReportId);
        Assert.Contains("malformed file", failed.Report.LastError, StringComparison.Ordinal);
        Assert.Contains("evidence", failed.Report.Remedy, StringComparison.Ordinal);
        Assert.IsType<CyberTipFailed>(failed.Events[^1]);

        // Approving it again starts over.
        Assert.Equal(new CyberTipStep(CyberTipAction.Submit), CyberTipSaga.Next(CyberTipSaga.Approve(failed.Report, "rev", T0).Report, T0));
    }

    [Fact]
    public void Retries_back_off_and_give_up_after_the_last_attempt_with_nothing_open()
    {
        var report = Approved(files: 1);
        var step = new CyberTipStep(CyberTipAction.Submit);
        var waits = new List<TimeSpan>();
        var now = T0;
        for (var i = 0; i < CyberTipSaga.MaxAttempts; i++)
        {
            report = CyberTipSaga.Failed(report, step, new CyberTipFailure("503", null, true, false, null), now).Report;
            waits.Add(report.NextAttemptAt - now);
            now = report.NextAttemptAt;
        }

        Assert.Equal(CyberTipState.Failed, report.State);
        Assert.True(waits.Take(CyberTipSaga.MaxAttempts - 1).Zip(waits.Skip(1).Take(CyberTipSaga.MaxAttempts - 2)).All(w => w.Second >= w.First));
        Assert.All(waits, w => Assert.True(w <= CyberTipSaga.MaxBackoff));
    }

    [Fact]
    public void An_open_report_past_NCMECs_window_is_opened_again_and_a_5001_does_the_same()
    {
        var report = Opened(files: 1);
        Assert.Equal(T0 + CyberTipSaga.OpenWindow, report.ExpiresAt);
        var expired = CyberTipSaga.Expire(report, T0 + CyberTipSaga.OpenWindow + TimeSpan.FromSeconds(1)).Report;
        Assert.Null(expired.NcmecReportId);

        var upload = CyberTipSaga.Next(report, T0)!.Value;
        var gone = CyberTipSaga.Failed(report, upload, new CyberTipFailure("no such report", NcmecCodes.NoSuchReport, false, false, null), T0).Report;
        Assert.Null(gone.NcmecReportId);
        Assert.Equal(new CyberTipStep(CyberTipAction.Submit), CyberTipSaga.Next(gone, gone.NextAttemptAt));
    }

    [Fact]
    public void The_window_runs_from_the_last_change_when_that_is_later()
    {
        var report = Opened(files: 1) with { LastChangeAt = T0.AddHours(23.5) };
        Assert.Equal(T0.AddHours(24.5), report.ExpiresAt);
    }

    private static CyberTipReport Approved(int files) =>
        CyberTipSaga.Prepare(CyberTipSaga.Approve(CyberTipSaga.Draft(1, "acct", 7, T0).Report, "rev", T0).Report,
            [.. Enumerable.Range(0, files).Select(i => new CyberTipFile(100 + i, 7, $"item-{i}"))], []);

    private static CyberTipReport Opened(int files)
    {
        var report = Approved(files);
        return CyberTipSaga.Succeeded(CyberTipSaga.Begin(report, new(CyberTipAction.Submit)), new(CyberTipAction.Submit), new(ReportId: 900), T0).Report;
    }

    private static CyberTipOutcome Outcome(CyberTipStep step) => step.Action switch
    {
        CyberTipAction.Submit => new(ReportId: 900),
        CyberTipAction.Upload => new(FileId: $"f{step.File}", Md5: "m"),
        _ => new(),
    };
}
