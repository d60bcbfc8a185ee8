using Aegis.Core.Events;

namespace Aegis.Core.CyberTip;

/// <summary>
/// The submission of a CyberTipline report as a durable saga, as plain code: which call comes next, and what each
/// outcome makes of the report. The caller keeps the report before each call (<see cref="Begin"/> marks it in flight)
/// and after it (<see cref="Succeeded"/>, <see cref="Failed"/>), so a node that dies at any point leaves a report the
/// next node resumes (<see cref="Interrupted"/>) without a duplicate:
/// <list type="bullet">
/// <item>a submit whose answer was lost is made again; the report NCMEC may have opened is never finished, and NCMEC
/// deletes it when its window ends (<see cref="OpenWindow"/>, <see cref="IdleWindow"/>);</item>
/// <item>an upload or fileinfo whose answer was lost retracts the report and starts again, so no file is sent twice;</item>
/// <item>a finish or retract whose answer was lost is made again (NCMEC's 5102 "already finished" and 5101 "already
/// retracted" say it was done);</item>
/// <item>a report NCMEC deleted (its window passed, or 5001) is opened again from the start;</item>
/// <item>a refusal, or retries used up, retracts the open report and fails with a reason and a remedy for a human.</item>
/// </list>
/// </summary>
public static class CyberTipSaga
{
    /// <summary>NCMEC deletes an unfinished report 24 hours after it was opened ...</summary>
    public static readonly TimeSpan OpenWindow = TimeSpan.FromHours(24);

    /// <summary>... or 1 hour after its last change, whichever is later.</summary>
    public static readonly TimeSpan IdleWindow = TimeSpan.FromHours(1);

    /// <summary>Failed attempts in a row before a step is given up.</summary>
    public const int MaxAttempts = 8;

    /// <summary>The longest wait between attempts (well inside <see cref="IdleWindow"/>, so an open report lives on).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>The actor of the submission's own steps.</summary>
    public const string Actor = DomainEvent.System;

    /// <summary>A new draft gathering one confirmed case and its files.</summary>
    public static CyberTipTransition Draft(long id, string personId, long caseId, DateTimeOffset now)
    {
        var report = new CyberTipReport(id, personId) { CaseIds = [caseId], NextAttemptAt = now };
        return new(report, [new CyberTipDrafted(Actor, report, caseId)]);
    }

    /// <summary>A draft gathers another confirmed case about the same person.</summary>
    public static CyberTipTransition AddCase(CyberTipReport report, long caseId)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.State != CyberTipState.Drafted)
        {
            throw new CyberTipRefusal($"CyberTipline report {report.Id} is {Name(report.State)}; a new case about the person makes a follow-up report.");
        }

        if (report.CaseIds.Contains(caseId))
        {
            return new(report, []);
        }

        var next = report with { CaseIds = [.. report.CaseIds, caseId] };
        return new(next, [new CyberTipDrafted(Actor, next, caseId)]);
    }

    /// <summary>A reviewer approves the submission of a draft, or of a failed report to try it again.</summary>
    public static CyberTipTransition Approve(CyberTipReport report, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.State is not (CyberTipState.Drafted or CyberTipState.Failed))
        {
            throw new CyberTipRefusal($"CyberTipline report {report.Id} is {Name(report.State)}; only a draft or a failed report can be approved.");
        }

        var next = report with
        {
            State = CyberTipState.Approved, ApprovedBy = actor, Attempts = 0, NextAttemptAt = now, LastError = null, LastCode = null,
            Remedy = null, FailAfterRetract = null, RetractPending = report.NcmecReportId is not null,
        };
        return new(next, [new CyberTipApproved(actor, next)]);
    }

    /// <summary>Sets the files (and the earlier reports cited) before the submission opens a report at NCMEC.</summary>
    public static CyberTipReport Prepare(CyberTipReport report, IReadOnlyList<CyberTipFile> files, IReadOnlyList<long> followUpOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.NcmecReportId is not null || report.State is not (CyberTipState.Approved or CyberTipState.Submitting))
        {
            throw new CyberTipRefusal($"CyberTipline report {report.Id}'s files are fixed once NCMEC has opened it.");
        }

        return report with { Files = files, FollowUpOf = followUpOf };
    }

    /// <summary>
    /// What to call next, or null when nothing is due now (not approved, finished, failed, or waiting to try again).
    /// A report left in flight must go through <see cref="Interrupted"/> first; an open report past its window through
    /// <see cref="Expire"/>.
    /// </summary>
    public static CyberTipStep? Next(CyberTipReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.State is not (CyberTipState.Approved or CyberTipState.Submitting) || now < report.NextAttemptAt || report.InFlight is not null)
        {
            return null;
        }

        if (report.NcmecReportId is null)
        {
            return new CyberTipStep(CyberTipAction.Submit);
        }

        if (report.RetractPending)
        {
            return new CyberTipStep(CyberTipAction.Retract);
        }

        for (var i = 0; i < report.Files.Count; i++)
        {
            if (report.Files[i].FileId is null)
            {
                return new CyberTipStep(CyberTipAction.Upload, i);
            }

            if (!report.Files[i].InfoSent)
            {
                return new CyberTipStep(CyberTipAction.FileInfo, i);
            }
        }

        return new CyberTipStep(CyberTipAction.Finish);
    }

    /// <summary>Marks the call in flight (kept before it is made).</summary>
    public static CyberTipReport Begin(CyberTipReport report, CyberTipStep step)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with { State = CyberTipState.Submitting, InFlight = step.Action };
    }

    /// <summary>A report found in flight: the node making the call died, so its outcome is unknown.</summary>
    public static CyberTipTransition Interrupted(CyberTipReport report, DateTimeOffset now, TimeSpan? firstWait = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.InFlight is not { } action)
        {
            return new(report, []);
        }

        var file = action is CyberTipAction.Upload or CyberTipAction.FileInfo ? report.Files.ToList().FindIndex(f => f.FileId is null || !f.InfoSent) : -1;
        return Failed(report, new CyberTipStep(action, file), new CyberTipFailure($"the node making the {Name(action)} call stopped before its answer was kept", null, true, true, null), now, firstWait);
    }

    /// <summary>An open report past NCMEC's window is gone there: start again, or fail if it was to be retracted and failed.</summary>
    public static CyberTipTransition Expire(CyberTipReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.ExpiresAt is not { } expires || now <= expires || report.State is not (CyberTipState.Approved or CyberTipState.Submitting) || report.InFlight is not null)
        {
            return new(report, []);
        }

        var reset = Reset(report);
        return report.FailAfterRetract is { } reason ? Fail(reset, reason, report.Remedy) : new(reset, []);
    }

    /// <summary>The call succeeded.</summary>
    public static CyberTipTransition Succeeded(CyberTipReport report, CyberTipStep step, CyberTipOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(outcome);
        var r = report with { InFlight = null, Attempts = 0, NextAttemptAt = now, LastRequestId = outcome.RequestId ?? report.LastRequestId, LastError = null, LastCode = null };
        CyberTipReport next;
        switch (step.Action)
        {
            case CyberTipAction.Submit:
                next = r with
                {
                    NcmecReportId = outcome.ReportId ?? throw new ArgumentException("A submit's outcome carries NCMEC's report id.", nameof(outcome)),
                    OpenedAt = now, LastChangeAt = now, Files = [.. r.Files.Select(f => f.Reset())], RetractPending = false,
                };
                break;
            case CyberTipAction.Upload:
                next = WithFile(r, step.File, f => f with { FileId = outcome.FileId, Md5 = outcome.Md5 }) with { LastChangeAt = now };
                break;
            case CyberTipAction.FileInfo:
                next = WithFile(r, step.File, f => f with { InfoSent = true }) with { LastChangeAt = now };
                break;
            case CyberTipAction.Finish:
                next = r with { State = CyberTipState.Submitted, SubmittedAt = now, Remedy = null };
                return new(next, [Step(next, step, null, outcome.RequestId, null), new CyberTipSubmitted(Actor, next)]);
            case CyberTipAction.Retract:
                var retracted = Reset(r);
                if (report.FailAfterRetract is { } reason)
                {
                    var failed = Fail(retracted, reason, report.Remedy);
                    return failed with { Events = [Step(report, step, null, outcome.RequestId, null), .. failed.Events] };
                }

                next = retracted;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }

        return new(next, [Step(next, step, null, outcome.RequestId, null)]);
    }

    /// <summary>The call failed: try again later, start again, retract, or give up with a reason a human can act on.</summary>
    /// <param name="report">The report, in flight.</param>
    /// <param name="step">The call that failed.</param>
    /// <param name="failure">How it failed.</param>
    /// <param name="now">The time.</param>
    /// <param name="firstWait">The wait after the first failed attempt (it doubles up to <see cref="MaxBackoff"/>); 1 s when null.</param>
    public static CyberTipTransition Failed(CyberTipReport report, CyberTipStep step, CyberTipFailure failure, DateTimeOffset now, TimeSpan? firstWait = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(failure);
        var code = failure.ResponseCode;

        // Already done: NCMEC says so.
        if ((step.Action == CyberTipAction.Finish && code == NcmecCodes.AlreadyFinished)
            || (step.Action == CyberTipAction.Retract && code is NcmecCodes.AlreadyRetracted or NcmecCodes.NoSuchReport))
        {
            return Succeeded(report, step, new CyberTipOutcome(RequestId: failure.RequestId), now);
        }

        var first = firstWait ?? TimeSpan.FromSeconds(1);
        var r = report with
        {
            InFlight = null, LastError = failure.Message, LastCode = code, LastRequestId = failure.RequestId ?? report.LastRequestId,
            Attempts = report.Attempts + 1,
        };
        var taken = Step(r, step, code, failure.RequestId, failure.Message);
        CyberTipTransition next;
        if (code == NcmecCodes.NoSuchReport && step.Action != CyberTipAction.Submit)
        {
            // NCMEC no longer has the report (its window passed): open it again.
            next = r.Attempts >= MaxAttempts ? Fail(Reset(r), GaveUp(r, failure), failure.Remedy ?? RemedyFor(failure)) : new(Later(Reset(r), now, first), []);
        }
        else if (failure.OutcomeUnknown && step.Action is CyberTipAction.Upload or CyberTipAction.FileInfo)
        {
            // The file may or may not be at NCMEC: retract, and send the report again whole, so no file is there twice.
            next = new(r with { RetractPending = true, NextAttemptAt = now }, []);
        }
        else if (failure.Retryable && r.Attempts < MaxAttempts)
        {
            next = new(Later(r, now, first), []);
        }
        else
        {
            next = GiveUp(r, step, failure, now);
        }

        return next with { Events = [taken, .. next.Events] };
    }

    private static CyberTipTransition GiveUp(CyberTipReport r, CyberTipStep step, CyberTipFailure failure, DateTimeOffset now)
    {
        var reason = r.FailAfterRetract ?? GaveUp(r, failure);
        var remedy = r.FailAfterRetract is null ? failure.Remedy ?? RemedyFor(failure) : r.Remedy;
        if (r.NcmecReportId is { } open)
        {
            if (step.Action != CyberTipAction.Retract)
            {
                // Retract the unfinished report first, then fail: nothing is left half-made at NCMEC.
                return new(r with { RetractPending = true, FailAfterRetract = reason, Remedy = remedy, Attempts = 0, NextAttemptAt = now }, []);
            }

            // The retract itself could not be made: NCMEC deletes the unfinished report when its window ends.
            reason = $"{reason}; NCMEC report {open} could not be retracted ({failure.Message}) and NCMEC deletes it unfinished after {r.ExpiresAt:u}";
        }

        return Fail(r, reason, remedy);
    }

    private static string GaveUp(CyberTipReport r, CyberTipFailure failure) =>
        failure.Retryable ? $"NCMEC did not accept the report after {r.Attempts} attempts: {failure.Message}" : failure.Message;

    private static string RemedyFor(CyberTipFailure failure) => failure.ResponseCode switch
    {
        NcmecCodes.AuthenticationRequired or >= 3000 and < 4000 =>
            "Check the NCMEC credentials (CyberTip:Username, CyberTip:Password) and the account's rights, then approve the report again.",
        NcmecCodes.ValidationFailed or NcmecCodes.MalformedXml or NcmecCodes.InvalidRequest =>
            "NCMEC refused the document; read the error, correct the case's data or the reporter settings, then approve the report again (quote the Request-ID to NCMEC if it persists).",
        NcmecCodes.MalformedFile =>
            "NCMEC refused a file as malformed; check the item's evidence (or upload it again with PUT /v1/cases/{id}/evidence/{contentId}), then approve the report again.",
        _ => "NCMEC could not be reached or kept failing; check the service's status and approve the report again to retry.",
    };

    private static CyberTipTransition Fail(CyberTipReport r, string reason, string? remedy)
    {
        var failed = r with { State = CyberTipState.Failed, LastError = reason, Remedy = remedy, RetractPending = false, FailAfterRetract = null, InFlight = null };
        return new(failed, [new CyberTipFailed(Actor, failed)]);
    }

    private static CyberTipReport Reset(CyberTipReport r) => r with
    {
        NcmecReportId = null, OpenedAt = null, LastChangeAt = null, RetractPending = false, Files = [.. r.Files.Select(f => f.Reset())],
    };

    private static CyberTipReport Later(CyberTipReport r, DateTimeOffset now, TimeSpan first)
    {
        var wait = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, first.TotalSeconds * Math.Pow(2, Math.Min(r.Attempts - 1, 20))));
        return r with { NextAttemptAt = now + wait };
    }

    private static CyberTipReport WithFile(CyberTipReport r, int index, Func<CyberTipFile, CyberTipFile> change)
    {
        if (index < 0 || index >= r.Files.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"The report has no file {index}.");
        }

        var files = r.Files.ToArray();
        files[index] = change(files[index]);
        return r with { Files = files };
    }

    private static CyberTipStepTaken Step(CyberTipReport r, CyberTipStep step, int? code, string? requestId, string? error) =>
        new(Actor, r, step.Action, step.File >= 0 && step.File < r.Files.Count ? r.Files[step.File].ContentId : null, error is null, code, requestId, error);

    private static string Name(CyberTipState state) => state.ToString().ToLowerInvariant();

    private static string Name(CyberTipAction action) => action.ToString().ToLowerInvariant();
}
