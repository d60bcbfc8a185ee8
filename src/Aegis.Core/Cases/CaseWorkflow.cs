using Aegis.Core.Events;
using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

/// <summary>
/// The case state machine, as plain code: every step (report, claim, release, decide, escalate, appeal, appeal
/// decision, and the cascade's steps) takes the case and its item as they are now and returns them as they must become,
/// with the events that say what happened, or a refusal and no change. It does no I/O and reads no clock: the caller
/// loads the case for update, applies the step and writes the result and its events in one transaction.
/// </summary>
public static partial class CaseWorkflow
{
    /// <summary>
    /// One reported item: triage (restrict at once when a child may be harmed), then open a case (with id
    /// <paramref name="newCaseId"/>), join <paramref name="open"/> (the item's open case, or a copy's), or only acknowledge
    /// an item already removed.
    /// </summary>
    /// <param name="intake">The report.</param>
    /// <param name="reportId">The stored report's id.</param>
    /// <param name="actor">Who sent it.</param>
    /// <param name="content">The reported item now.</param>
    /// <param name="open">The open case it joins, if any.</param>
    /// <param name="newCaseId">The id a new case takes.</param>
    /// <param name="now">The time of the report.</param>
    /// <param name="rules">The SLA.</param>
    public static ReportTransition Report(
        ReportIntake intake, long reportId, string actor, ContentState content, Case? open, long newCaseId, DateTimeOffset now, CaseRules rules)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(rules);
        if (open is { IsOpen: false })
        {
            throw new ArgumentException("A report joins an open case only.", nameof(open));
        }

        var triage = TriagePolicy.Triage(intake, content.Status, open is not null);
        if (triage.Action == TriageAction.Acknowledge)
        {
            return new ReportTransition(triage, null, content,
                [new ReportReceived(actor, content.ContentId, reportId, null, intake.Category, intake.Source, intake.ReporterIsSubject, intake.SubjectWasMinor, triage.Level, triage.Action)]);
        }

        Case c;
        if (open is null)
        {
            c = new Case
            {
                Id = newCaseId,
                ContentId = content.ContentId,
                State = CaseState.Open,
                Level = triage.Level,
                Reports = 1,
                ChildSafety = intake.ChildMayBeHarmed,
                OpenedAt = now,
                DueAt = rules.Sla.DueAt(now, triage.Level),
                Exposure = new CaseExposure(content.Views, content.Shares),
            };
        }
        else
        {
            var priority = TriagePolicy.Join(new CasePriority(open.Level, open.Reports), triage.Level);
            c = open with
            {
                Level = priority.Level,
                Reports = priority.Reports,
                ChildSafety = open.ChildSafety || intake.ChildMayBeHarmed,

                // A higher level brings its shorter SLA forward; the clock never runs back.
                DueAt = priority.Level > open.Level ? Min(open.DueAt, rules.Sla.DueAt(now, priority.Level)) : open.DueAt,
            };
        }

        var events = new List<DomainEvent>();
        if (triage.Restrict)
        {
            content = content with { Status = ContentStatus.Restricted };
            c = c with { Exposure = c.Exposure.Restricted(now, content) };
            events.Add(new ContentRestricted(content.ContentId, c.Id, triage.Reason));
        }

        events.Add(open is null ? new CaseOpened(actor, c, triage.Reason) : new CaseUpdated(actor, c));
        events.Add(new ReportReceived(actor, content.ContentId, reportId, c.Id, intake.Category, intake.Source, intake.ReporterIsSubject, intake.SubjectWasMinor, c.Level, triage.Action));
        return new ReportTransition(triage, c, content, events);
    }

    /// <summary>The events' order is the order they happened in; a report's restriction comes before its case.</summary>
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>What a report did to one item.</summary>
/// <param name="Triage">Triage's outcome.</param>
/// <param name="Case">The case opened or joined (null when only acknowledged).</param>
/// <param name="Content">The item afterwards.</param>
/// <param name="Events">What happened.</param>
public sealed record ReportTransition(TriageOutcome Triage, Case? Case, ContentState Content, IReadOnlyList<DomainEvent> Events);
