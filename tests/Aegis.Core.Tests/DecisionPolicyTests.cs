using Aegis.Core.Cases;
using static Aegis.Core.Cases.CaseState;
using static Aegis.Core.Cases.DecisionKind;
using static Aegis.Core.Cases.ReviewerRole;

namespace Aegis.Core.Tests;

public sealed class DecisionPolicyTests
{
    private static readonly Decision FirstDismissal = new("ana", Reviewer, Dismiss, "looks like an adult");

    /// <summary>The two-person rule as a table: state, child safety, earlier dismissal by, new decision → accepted, state, lift.</summary>
    public static TheoryData<CaseState, bool, bool, string, ReviewerRole, DecisionKind, bool, CaseState, bool> Table => new()
    {
        // A child-safety dismissal alone leaves the content restricted, "awaiting second review".
        { Open, true, false, "ana", Reviewer, Dismiss, true, AwaitingSecondReview, false },
        { Open, true, false, "ana", Senior, Dismiss, true, AwaitingSecondReview, false },
        // The second must be another person, and a senior.
        { AwaitingSecondReview, true, true, "ana", Senior, Dismiss, false, AwaitingSecondReview, false },
        { AwaitingSecondReview, true, true, "ben", Reviewer, Dismiss, false, AwaitingSecondReview, false },
        { AwaitingSecondReview, true, true, "ben", Senior, Dismiss, true, Dismissed, true },
        // Anyone may confirm, even after a first dismissal.
        { AwaitingSecondReview, true, true, "ben", Reviewer, ConfirmViolation, true, Confirmed, false },
        { AwaitingSecondReview, true, true, "ana", Reviewer, ConfirmViolation, true, Confirmed, false },
        // Other cases: one dismissal closes it.
        { Open, false, false, "ana", Reviewer, Dismiss, true, Dismissed, true },
        { Open, false, false, "ana", Reviewer, ConfirmViolation, true, Confirmed, false },
        // Escalating changes nothing but the flag.
        { Open, true, false, "ana", Reviewer, Escalate, true, Open, false },
        { AwaitingSecondReview, true, true, "ben", Reviewer, Escalate, true, AwaitingSecondReview, false },
        // A closed case takes no more decisions.
        { Confirmed, true, false, "ben", Senior, Dismiss, false, Confirmed, false },
        { Dismissed, false, false, "ben", Senior, ConfirmViolation, false, Dismissed, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_two_person_rule(
        CaseState state, bool childSafety, bool earlierDismissal, string reviewer, ReviewerRole role, DecisionKind kind,
        bool accepted, CaseState after, bool lift)
    {
        IReadOnlyList<Decision> earlier = earlierDismissal ? [FirstDismissal] : [];

        var outcome = DecisionPolicy.Decide(state, childSafety, earlier, new Decision(reviewer, role, kind, "reason"));

        Assert.Equal((accepted, after, lift), (outcome.Accepted, outcome.State, outcome.LiftRestriction));
        Assert.Equal(accepted, outcome.Refusal is null);
        Assert.Equal(accepted && kind is ConfirmViolation or ConfirmCsam, outcome.StartCascade);
    }

    [Fact]
    public void Confirming_csam_needs_the_ncmec_classification_and_every_decision_a_reason()
    {
        var missing = DecisionPolicy.Decide(Open, true, [], new Decision("ana", Reviewer, ConfirmCsam, "explicit"));
        var classified = DecisionPolicy.Decide(Open, true, [], new Decision("ana", Reviewer, ConfirmCsam, "explicit", NcmecClassification.A1));
        var noReason = DecisionPolicy.Decide(Open, true, [], new Decision("ana", Reviewer, Dismiss, " "));

        Assert.Contains("classification", missing.Refusal);
        Assert.Equal((true, Confirmed, true), (classified.Accepted, classified.State, classified.StartCascade));
        Assert.Contains("reason", noReason.Refusal);
    }

    [Fact]
    public void An_appeal_goes_to_someone_who_did_not_decide()
    {
        IReadOnlyList<Decision> decided = [FirstDismissal, new("ben", Senior, ConfirmCsam, "explicit", NcmecClassification.B1)];

        Assert.False(DecisionPolicy.MayReviewAppeal(decided, "ana"));
        Assert.False(DecisionPolicy.MayReviewAppeal(decided, "ben"));
        Assert.True(DecisionPolicy.MayReviewAppeal(decided, "cleo"));
    }
}

public sealed class AppealPolicyTests
{
    private static readonly IReadOnlyList<Decision> Decided = [new("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmCsam, "explicit", NcmecClassification.B1)];

    [Theory]
    [InlineData(CaseState.Confirmed, false, true)]
    [InlineData(CaseState.Confirmed, true, false)]
    [InlineData(CaseState.Open, false, false)]
    [InlineData(CaseState.Dismissed, false, false)]
    public void Only_a_confirmed_case_is_appealed_and_only_once(CaseState state, bool appealed, bool allowed) =>
        Assert.Equal(allowed, AppealPolicy.CanAppeal(state, appealed) is null);

    [Theory]
    [InlineData(true, "ana", ReviewerRole.Senior, false, false)]
    [InlineData(true, "cleo", ReviewerRole.Reviewer, false, true)]
    [InlineData(true, "cleo", ReviewerRole.Reviewer, true, false)]
    [InlineData(true, "cleo", ReviewerRole.Senior, true, true)]
    [InlineData(false, "cleo", ReviewerRole.Reviewer, true, true)]
    public void An_appeal_goes_to_someone_else_and_overturning_child_safety_takes_a_senior(bool childSafety, string reviewer, ReviewerRole role, bool overturn, bool allowed) =>
        Assert.Equal(allowed, AppealPolicy.CanDecide(childSafety, Decided, reviewer, role, overturn) is null);
}
