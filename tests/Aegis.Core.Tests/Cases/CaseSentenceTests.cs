using Aegis.Core.Cases;
using Aegis.Core.Reports;
using static Aegis.Core.Cases.DecisionKind;
using static Aegis.Core.Cases.ReviewerRole;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class CaseSentenceTests
{
    private static readonly ContentState Restricted = Item(status: ContentStatus.Restricted);

    [Fact]
    public void The_two_person_rule_is_said_plainly_at_every_step_of_a_child_safety_case()
    {
        // Given an open child-safety case (Now is 10:00 UTC; a claim lasts 20 minutes)
        var c = OpenCase();
        Assert.Equal("Open; awaiting a reviewer.", CaseSentence.For(c, Now));

        // When ana claims it, then dismisses it
        c = CaseWorkflow.Claim(c, Restricted, "ana", Now, Rules).Case;
        Assert.Equal("Open; claimed by ana until 10:20 UTC.", CaseSentence.For(c, Now));
        c = CaseWorkflow.Decide(c, Restricted, Decide("ana", Reviewer, Dismiss), Now).Case;
        Assert.Equal("Dismissed by ana; awaiting a senior reviewer.", CaseSentence.For(c, Now));

        // When sam, a senior, claims it a little later and confirms it B1
        var later = Now.AddMinutes(22);
        c = CaseWorkflow.Claim(c, Restricted, "sam", later, Rules).Case;
        Assert.Equal("Dismissed by ana; awaiting a senior reviewer; claimed by sam until 10:42 UTC.", CaseSentence.For(c, later));
        c = CaseWorkflow.Decide(c, Restricted, Decide("sam", Senior, ConfirmCsam), later).Case;

        // Then the sentence says who did what, and what is still under way
        Assert.Equal("Dismissed by ana, then confirmed B1 by sam; the takedown is under way.", CaseSentence.For(c, later));
        Assert.Equal("Dismissed by ana, then confirmed B1 by sam.", CaseSentence.For(c with { CascadePending = false }, later));
    }

    [Fact]
    public void A_lapsed_claim_is_not_mentioned()
    {
        var c = OpenCase(claim: new CaseClaim("ben", Now.AddMinutes(5)));

        Assert.Equal("Open; claimed by ben until 10:05 UTC.", CaseSentence.For(c, Now));
        Assert.Equal("Open; awaiting a reviewer.", CaseSentence.For(c, Now.AddMinutes(5)));
    }

    [Fact]
    public void A_claim_until_is_said_in_utc_whatever_the_offset_it_was_made_with()
    {
        var c = OpenCase(claim: new CaseClaim("ben", new DateTimeOffset(2026, 11, 25, 12, 42, 0, TimeSpan.FromHours(2))));

        Assert.Equal("Open; claimed by ben until 10:42 UTC.", CaseSentence.For(c, Now));
    }

    public static TheoryData<string, Case> States => new()
    {
        { "Open; escalated by ana; awaiting a reviewer.", OpenCase() with { EscalatedAt = Now, Decisions = [Decide("ana", Reviewer, Escalate)] } },
        { "Open; escalated, its time to review has run out; awaiting a reviewer.", OpenCase() with { EscalatedAt = Now } },
        { "Confirmed as a violation by ana.", CascadedCase(childSafety: false) },
        { "Confirmed B1 by ana.", CascadedCase() },
        { "Confirmed as child sexual abuse material by ana.", CascadedCase() with { Decisions = [new Decision("ana", Reviewer, ConfirmCsam, "seen", null)] } },
        { "Dismissed by ana and sam.", OpenCase() with { State = CaseState.Dismissed, Decisions = [Decide("ana", Reviewer, Dismiss), Decide("sam", Senior, Dismiss)] } },
        { "Dismissed by ana.", OpenCase(childSafety: false) with { State = CaseState.Dismissed, Decisions = [Decide("ana", Reviewer, Escalate), Decide("ana", Reviewer, Dismiss)] } },
        {
            "Confirmed B1 by ana; appealed by uploader, awaiting a reviewer who did not decide it.",
            CascadedCase() with { Appeal = new CaseAppeal(Now, Uploader, "it is me, an adult") }
        },
        { "Confirmed B1 by ana; appeal upheld by ben.", CascadedCase() with { Appeal = new CaseAppeal(Now, Uploader, null, AppealOutcome.Upheld, "ben", "a child") } },
        {
            "Confirmed B1 by ana; appeal overturned by sam: the item is restored.",
            CascadedCase() with { Appeal = new CaseAppeal(Now, Uploader, null, AppealOutcome.Overturned, "sam", "an adult") }
        },
        {
            "Confirmed by a match at the gate: bank 'ncmec', entry 42.",
            OpenCase() with { State = CaseState.ConfirmedByMatch, Origin = CaseOrigin.GateBlock, Match = new CaseMatch("ncmec", 42, "md5", 0, "list-1") }
        },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Each_state_is_one_sentence(string expected, Case c) => Assert.Equal(expected, CaseSentence.For(c, Now));
}
