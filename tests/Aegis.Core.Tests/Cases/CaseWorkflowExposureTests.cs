using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Input;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class CaseWorkflowExposureTests
{
    [Fact]
    public void A_correction_sets_the_counts_lower_too_and_caps_what_the_cases_recorded()
    {
        // Given an item reported at 1,200 views whose platform then reported an absurd count, and a second, older case
        var item = Item(views: CaseExposure.MaxCount, shares: CaseExposure.MaxCount);
        var inflated = OpenCase() with { Exposure = new CaseExposure(Views, Shares, Now.AddHours(-1), CaseExposure.MaxCount, CaseExposure.MaxCount) };
        var older = OpenCase() with { Id = 3, State = CaseState.Dismissed, Exposure = new CaseExposure(10, 1) };

        // When the platform corrects the counts to 2,000 views and 50 shares
        var t = CaseWorkflow.CorrectExposure(item, [inflated, older], 2_000, 50, "a counter bug", Platform);

        // Then the item has exactly those, the inflated case is capped, the older one (below them) is unchanged
        Assert.Null(t.Refusal);
        Assert.Equal(item with { Views = 2_000, Shares = 50 }, t.Content);
        var capped = Assert.Single(t.Cases);
        Assert.Equal(inflated with { Exposure = new CaseExposure(Views, Shares, Now.AddHours(-1), 2_000, 50) }, capped);

        // And one event says what it was, what it is, which cases changed and why
        var e = Assert.IsType<ExposureCorrected>(Assert.Single(t.Events));
        Assert.Equal(
            (Platform, ContentId, 2_000L, 50L, CaseExposure.MaxCount, CaseExposure.MaxCount, "a counter bug"),
            (e.Actor, e.ContentId, e.Views, e.Shares, e.PreviousViews, e.PreviousShares, e.Reason));
        Assert.Equal([CaseId], e.CaseIds);
        Assert.Equal(("content.exposure_corrected", "exposure.corrected", $"content:{ContentId}"), (e.WebhookType, e.AuditAction, e.AuditSubject));
    }

    [Fact]
    public void A_correction_upwards_changes_no_case()
    {
        var t = CaseWorkflow.CorrectExposure(Item(), [OpenCase()], Views * 2, Shares * 2, "recount", Platform);

        Assert.Null(t.Refusal);
        Assert.Equal((Views * 2, Shares * 2), (t.Content.Views, t.Content.Shares));
        Assert.Empty(t.Cases);
        Assert.Empty(((ExposureCorrected)t.Events.Single()).CaseIds);
    }

    public static TheoryData<long, long, string?, string> Refused => new()
    {
        { -1, 0, "x", "views is a count" },
        { 0, CaseExposure.MaxCount + 1, "x", "shares is a count" },
        { 0, 0, null, "reason is required" },
        { 0, 0, "  ", "reason is required" },
        { 0, 0, new string('x', FreeText.MaxLength + 1), "reason is at most 10,000 characters" },
        { 0, 0, "a\0b", "reason may not hold a control character" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_correction_without_a_reason_or_with_an_absurd_count_is_refused_and_changes_nothing(long views, long shares, string? reason, string why)
    {
        var item = Item();

        var t = CaseWorkflow.CorrectExposure(item, [OpenCase()], views, shares, reason!, Platform);

        Assert.Equal(CaseRefusalKind.Invalid, t.Refusal?.Kind);
        Assert.Contains(why, t.Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal(item, t.Content);
        Assert.Empty(t.Cases);
        Assert.Empty(t.Events);
    }
}
