using System.Globalization;
using Aegis.Core.Events;
using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

public static partial class CaseWorkflow
{
    /// <summary>
    /// The gate blocked or held an upload: the matched bytes of known material must not vanish from the record. A block on
    /// a match opens a case already <see cref="CaseState.ConfirmedByMatch"/> (with the bank, entry and its source; the item
    /// never published, so removed); a hold, on a match or because the uploader was suspended for child sexual
    /// exploitation (<paramref name="relatedCaseId"/>), opens a critical review case with the item restricted. Both are
    /// child-safety cases: a dismissal takes two people.
    /// </summary>
    /// <param name="origin">Why: <see cref="CaseOrigin.GateBlock"/>, <see cref="CaseOrigin.GateHold"/> or <see cref="CaseOrigin.SuspendedUploader"/>.</param>
    /// <param name="content">The recorded upload.</param>
    /// <param name="match">The entry that matched (for a block or a hold on a match).</param>
    /// <param name="relatedCaseId">For an upload by a suspended account: the case that suspended it.</param>
    /// <param name="newCaseId">The id the case takes.</param>
    /// <param name="now">The time of the upload.</param>
    /// <param name="rules">The SLA.</param>
    public static CaseTransition OpenAtGate(
        CaseOrigin origin, ContentState content, CaseMatch? match, long? relatedCaseId, long newCaseId, DateTimeOffset now, CaseRules rules)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(rules);
        if (origin is not (CaseOrigin.GateBlock or CaseOrigin.GateHold or CaseOrigin.SuspendedUploader))
        {
            throw new ArgumentOutOfRangeException(nameof(origin), origin, "The gate opens block, hold and suspended-uploader cases.");
        }

        if (origin != CaseOrigin.SuspendedUploader && match is null)
        {
            throw new ArgumentNullException(nameof(match), "A case opened on a match names the entry.");
        }

        var blocked = origin == CaseOrigin.GateBlock;
        var after = content with { Status = blocked ? ContentStatus.Removed : ContentStatus.Restricted, Demonetized = true };
        var exposure = new CaseExposure(content.Views, content.Shares).Restricted(now, after);
        var c = new Case
        {
            Id = newCaseId,
            ContentId = content.ContentId,
            State = blocked ? CaseState.ConfirmedByMatch : CaseState.Open,
            Level = PriorityLevel.Critical,
            Reports = 0,
            ChildSafety = true,
            OpenedAt = now,
            DueAt = rules.Sla.DueAt(now, PriorityLevel.Critical),
            ClosedAt = blocked ? now : null,
            Exposure = blocked ? exposure.Removed(now, after) : exposure,
            Origin = origin,
            Match = match,
            RelatedCaseId = relatedCaseId,
        };
        var reason = origin switch
        {
            CaseOrigin.GateBlock => $"blocked at the gate: matches {Describe(match!)}",
            CaseOrigin.GateHold => $"held at the gate: matches {Describe(match!)}",
            _ => $"held at the gate: uploaded by {content.UploaderId}, suspended for child sexual exploitation by case {relatedCaseId}",
        };
        return new CaseTransition(c, after, [new CaseOpened(DomainEvent.System, c, reason, relatedCaseId)]);
    }

    private static string Describe(CaseMatch m) =>
        $"bank '{m.Bank}' entry {m.EntryId} ({m.SignalType}{(m.Distance > 0 ? $", distance {m.Distance}" : "")}{(m.Source is null ? "" : $", from {m.Source}")})"
        + (m.Frame is { } frame ? $" at video frame {frame}{(m.FrameSeconds is { } s ? $" ({s.ToString("0.###", CultureInfo.InvariantCulture)} s)" : "")}" : "");
}
