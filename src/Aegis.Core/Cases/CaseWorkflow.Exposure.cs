using Aegis.Core.Events;
using Aegis.Core.Input;

namespace Aegis.Core.Cases;

public static partial class CaseWorkflow
{
    /// <summary>The least time between two alerts of exposure after restriction for one item.</summary>
    public static readonly TimeSpan ExposureAlertInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// The platform reports an item's counts (they only rise). Rising counts of an item it was told to restrict or remove
    /// mean its enforcement failed: an alert (<see cref="ContentExposedAfterRestriction"/>), at most once an
    /// <see cref="ExposureAlertInterval"/> per item.
    /// </summary>
    /// <param name="content">The item now.</param>
    /// <param name="views">The reported views.</param>
    /// <param name="shares">The reported shares.</param>
    /// <param name="lastAlert">When the item's last alert was raised, if ever.</param>
    /// <param name="caseIds">The item's cases (its own and those it is linked to).</param>
    /// <param name="now">The time of the report.</param>
    public static (ContentState Content, ContentExposedAfterRestriction? Alert) ReportExposure(
        ContentState content, long views, long shares, DateTimeOffset? lastAlert, IReadOnlyList<long> caseIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(caseIds);
        var after = content with { Views = Math.Max(content.Views, views), Shares = Math.Max(content.Shares, shares) };
        var rose = after.Views > content.Views || after.Shares > content.Shares;
        var due = lastAlert is not { } last || now - last >= ExposureAlertInterval;
        return content.Status != Reports.ContentStatus.Visible && rose && due
            ? (after, new ContentExposedAfterRestriction(content.ContentId, content.Status, after.Views, after.Shares, content.Views, content.Shares, caseIds))
            : (after, null);
    }

    /// <summary>Why a correction of an item's counts cannot be made (naming the field), or null.</summary>
    public static string? ValidateCorrection(long views, long shares, string? reason) =>
        CaseExposure.Validate(views, shares)
        ?? (string.IsNullOrWhiteSpace(reason) ? "reason is required: say why the counts are corrected." : FreeText.Validate("reason", reason));

    /// <summary>
    /// The platform corrects an item's view and share counts: they become exactly <paramref name="views"/> and
    /// <paramref name="shares"/>, lower ones too (the exposure call only ever raises them). The counts the item's cases
    /// recorded at their steps are capped at the corrected ones (an item cannot have been seen more then than now), so a
    /// count sent in error stops counting in the statistics. Audited and told to the platform with the counts before.
    /// </summary>
    /// <param name="content">The item now.</param>
    /// <param name="cases">Every case of the item, open or closed.</param>
    /// <param name="views">The corrected view count.</param>
    /// <param name="shares">The corrected share count.</param>
    /// <param name="reason">Why (required; audited).</param>
    /// <param name="actor">Who corrects (an API key name).</param>
    public static ExposureCorrection CorrectExposure(
        ContentState content, IReadOnlyList<Case> cases, long views, long shares, string reason, string actor)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(cases);
        if (ValidateCorrection(views, shares, reason) is { } invalid)
        {
            return new ExposureCorrection(content, [], [], CaseRefusal.Invalid(invalid));
        }

        var capped = new List<Case>();
        foreach (var c in cases)
        {
            var exposure = c.Exposure.CappedAt(views, shares);
            if (exposure != c.Exposure)
            {
                capped.Add(c with { Exposure = exposure });
            }
        }

        var corrected = content with { Views = views, Shares = shares };
        var e = new ExposureCorrected(actor, content.ContentId, views, shares, content.Views, content.Shares, [.. capped.Select(c => c.Id)], reason);
        return new ExposureCorrection(corrected, capped, [e]);
    }
}

/// <summary>What a correction of an item's counts did.</summary>
/// <param name="Content">The item afterwards.</param>
/// <param name="Cases">The cases whose recorded counts were capped (the others are unchanged).</param>
/// <param name="Events">What happened.</param>
/// <param name="Refusal">Why nothing happened, or null.</param>
public sealed record ExposureCorrection(ContentState Content, IReadOnlyList<Case> Cases, IReadOnlyList<DomainEvent> Events, CaseRefusal? Refusal = null);
