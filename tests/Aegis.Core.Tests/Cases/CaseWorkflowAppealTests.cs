using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Reports;
using static Aegis.Core.Cases.ReviewerRole;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class CaseWorkflowAppealTests
{
    private static readonly ContentState Removed = Item(status: ContentStatus.Removed);

    private static readonly CaseAppeal Pending = new(Now.AddHours(-2), Uploader, "It is a photo of me as an adult.");

    [Theory]
    [InlineData("It is a photo of me as an adult.")]
    [InlineData(null)]
    public void The_uploader_appeals_a_confirmed_case(string? text)
    {
        var c = CascadedCase();

        var t = CaseWorkflow.Appeal(c, Removed, Uploader, text, Now);

        Assert.Null(t.Refusal);
        Assert.Equal(c with { Appeal = new CaseAppeal(Now, Uploader, text) }, t.Case);
        Assert.Equal(Removed, t.Content);
        Assert.Equal<DomainEvent>([new CaseAppealed(t.Case, Uploader, text)], t.Events);
    }

    /// <summary>The case's state, whether it was appealed, the item's uploader and who appeals: all refused (conflicts).</summary>
    public static TheoryData<CaseState, bool, string?, string> RefusedAppeals => new()
    {
        { CaseState.Open, false, Uploader, Uploader },
        { CaseState.AwaitingSecondReview, false, Uploader, Uploader },
        { CaseState.Dismissed, false, Uploader, Uploader },
        // Once only.
        { CaseState.Confirmed, true, Uploader, Uploader },
        // Only by the uploader.
        { CaseState.Confirmed, false, Uploader, "reporter-1" },
        { CaseState.Confirmed, false, null, Uploader },
    };

    [Theory]
    [MemberData(nameof(RefusedAppeals))]
    public void Only_the_uploader_appeals_and_only_a_confirmed_case_once(CaseState state, bool appealed, string? uploader, string account)
    {
        var c = CascadedCase() with { State = state, Appeal = appealed ? Pending : null };
        var item = Item(status: ContentStatus.Removed, uploader: uploader);

        AssertRefused(CaseRefusalKind.Conflict, c, item, CaseWorkflow.Appeal(c, item, account, "please", Now));
    }

    /// <summary>The appealing account's id and the text's length (-1: none) → accepted, or refused as invalid.</summary>
    public static TheoryData<string, int, bool> AppealLimits => new()
    {
        { Uploader, CaseWorkflow.MaxTextLength, true },
        { Uploader, CaseWorkflow.MaxTextLength + 1, false },
        { new string('u', CaseWorkflow.MaxIdLength), 10, true },
        { new string('u', CaseWorkflow.MaxIdLength + 1), 10, false },
        { "", 10, false },
        { "   ", -1, false },
    };

    [Theory]
    [MemberData(nameof(AppealLimits))]
    public void An_appeal_names_its_account_and_its_text_has_a_limit(string account, int textLength, bool accepted)
    {
        // Given a confirmed case whose item this account uploaded
        var c = CascadedCase();
        var item = Item(status: ContentStatus.Removed, uploader: account);
        var text = textLength < 0 ? null : new string('t', textLength);

        var t = CaseWorkflow.Appeal(c, item, account, text, Now);

        if (accepted)
        {
            Assert.Equal(new CaseAppeal(Now, account, text), t.Case.Appeal);
        }
        else
        {
            AssertRefused(CaseRefusalKind.Invalid, c, item, t);
        }
    }

    [Theory]
    [InlineData(true, Senior)]
    [InlineData(true, Reviewer)]
    [InlineData(false, Reviewer)]
    public void An_upheld_appeal_changes_nothing_but_its_outcome(bool childSafety, ReviewerRole role)
    {
        var c = CascadedCase(childSafety) with { Appeal = Pending };

        var t = CaseWorkflow.DecideAppeal(c, Removed, "cleo", role, overturn: false, "the confirmation stands");

        Assert.Null(t.Refusal);
        Assert.Equal(c with { Appeal = Pending with { Outcome = AppealOutcome.Upheld, DecidedBy = "cleo", Reason = "the confirmation stands" } }, t.Case);
        Assert.Equal(Removed, t.Content);
        Assert.False(t.UnbanHashes);
        Assert.Equal<DomainEvent>([new CaseAppealDecided(t.Case, "cleo", role, AppealOutcome.Upheld, "the confirmation stands")], t.Events);
    }

    [Theory]
    [InlineData(true, Senior)]
    [InlineData(false, Reviewer)]
    public void An_overturned_appeal_restores_the_item_and_unbans_its_hashes(bool childSafety, ReviewerRole role)
    {
        // Given a confirmed case (cascade done) whose item was removed, appealed by the uploader
        var c = CascadedCase(childSafety) with { CascadePending = false, Appeal = Pending };

        // When a reviewer who did not decide it overturns it (a senior, for child safety)
        var t = CaseWorkflow.DecideAppeal(c, Removed, "dan", role, overturn: true, "an adult, with proof of age");

        // Then the item is shown again and the case's banked hashes stop blocking
        Assert.Null(t.Refusal);
        Assert.Equal(Pending with { Outcome = AppealOutcome.Overturned, DecidedBy = "dan", Reason = "an adult, with proof of age" }, t.Case.Appeal);
        Assert.Equal(Item(status: ContentStatus.Visible), t.Content);
        Assert.True(t.UnbanHashes);
        Assert.Equal<DomainEvent>(
            [
                new ContentRestored("dan", ContentId, CaseId, "appeal overturned"),
                new CaseAppealDecided(t.Case, "dan", role, AppealOutcome.Overturned, "an adult, with proof of age"),
            ],
            t.Events);
    }

    /// <summary>
    /// The appeal (none, pending or decided), child safety, who decides it and how → refused as a conflict. "ana"
    /// confirmed the case.
    /// </summary>
    public static TheoryData<AppealOutcome?, bool, bool, string, ReviewerRole, bool> RefusedAppealDecisions => new()
    {
        // Nothing pending.
        { null, false, true, "cleo", Senior, false },
        { AppealOutcome.Upheld, true, true, "cleo", Senior, true },
        { AppealOutcome.Overturned, true, true, "cleo", Senior, false },
        // The reviewer who decided the case does not decide its appeal, either way.
        { null, true, true, "ana", Senior, false },
        { null, true, true, "ana", Senior, true },
        // Overturning a child-safety confirmation takes a senior.
        { null, true, true, "cleo", Reviewer, true },
    };

    [Theory]
    [MemberData(nameof(RefusedAppealDecisions))]
    public void An_appeal_is_decided_once_by_someone_else_and_overturning_child_safety_takes_a_senior(
        AppealOutcome? outcome, bool appealed, bool childSafety, string reviewer, ReviewerRole role, bool overturn)
    {
        var c = CascadedCase(childSafety) with { Appeal = appealed ? Pending with { Outcome = outcome, DecidedBy = outcome is null ? null : "dan" } : null };

        var t = CaseWorkflow.DecideAppeal(c, Removed, reviewer, role, overturn, "because");

        AssertRefused(CaseRefusalKind.Conflict, c, Removed, t);
    }

    public static TheoryData<string> InvalidReasons => ["", "  ", new string('r', CaseWorkflow.MaxTextLength + 1)];

    [Theory]
    [MemberData(nameof(InvalidReasons))]
    public void An_appeal_decision_needs_a_reason_within_the_limit(string reason)
    {
        var c = CascadedCase() with { Appeal = Pending };

        AssertRefused(CaseRefusalKind.Invalid, c, Removed, CaseWorkflow.DecideAppeal(c, Removed, "cleo", Senior, overturn: true, reason));
    }

    [Fact]
    public void An_appeal_waits_until_the_takedown_has_run()
    {
        // Given a case confirmed ten minutes ago whose cascade has not run yet (it runs in a transaction of its own,
        // resumed if a node dies)
        var c = ConfirmedCase();
        var item = Item(status: ContentStatus.Restricted);

        // When the uploader appeals
        var step = CaseWorkflow.Appeal(c, item, item.UploaderId!, "that is me as an adult", Now);

        // Then it is refused until the cascade has run, so an overturn can never be undone by a cascade that runs after it
        AssertRefused(CaseRefusalKind.Conflict, c, item, step);
        Assert.Contains("still running", step.Refusal!.Message, StringComparison.Ordinal);
    }
}
