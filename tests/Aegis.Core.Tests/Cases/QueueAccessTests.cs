using Aegis.Core.Cases;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class QueueAccessTests
{
    private static readonly QueueReader Ana = new("ana", ReaderRole.Reviewer);
    private static readonly QueueReader Ben = new("ben", ReaderRole.SeniorReviewer);

    /// <summary>A child-safety case "ana" dismissed: it waits for a senior.</summary>
    private static Case DismissedOnce() => OpenCase(state: CaseState.AwaitingSecondReview) with
    {
        Decisions = [Decide("ana", ReviewerRole.Reviewer, DecisionKind.Dismiss)],
    };

    /// <summary>Reader role, their queues (null: the role's default) → the case's queue → may read, may act.</summary>
    public static TheoryData<ReaderRole, string?, bool, CaseState, bool, bool> Table => new()
    {
        // A reviewer by default: child safety and general, not the senior queue or appeals.
        { ReaderRole.Reviewer, null, true, CaseState.Open, true, true },
        { ReaderRole.Reviewer, null, false, CaseState.Open, true, true },
        { ReaderRole.Reviewer, null, true, CaseState.AwaitingSecondReview, false, false },
        // Given general only: a child-safety case is out of sight.
        { ReaderRole.Reviewer, "general", true, CaseState.Open, false, false },
        { ReaderRole.Reviewer, "general", false, CaseState.Open, true, true },
        // Given the senior queue as a reviewer: their role does not allow it, so it does not count.
        { ReaderRole.Reviewer, "senior", true, CaseState.AwaitingSecondReview, false, false },
        { ReaderRole.SeniorReviewer, null, true, CaseState.AwaitingSecondReview, true, true },
        { ReaderRole.SeniorReviewer, "senior", true, CaseState.Open, false, false },
        { ReaderRole.Admin, null, true, CaseState.AwaitingSecondReview, true, true },
        { ReaderRole.Admin, "general", true, CaseState.AwaitingSecondReview, false, false },
        { ReaderRole.Curator, null, false, CaseState.Open, false, false },
        // Closed: read by those with its subject's queue, acted on by nobody.
        { ReaderRole.Reviewer, null, true, CaseState.Dismissed, true, false },
        { ReaderRole.Reviewer, "general", true, CaseState.Dismissed, false, false },
        { ReaderRole.SeniorReviewer, null, true, CaseState.Confirmed, true, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void A_reader_reads_and_acts_on_cases_in_their_queues_only(ReaderRole role, string? queues, bool childSafety, CaseState state, bool read, bool act)
    {
        IReadOnlyList<ReviewQueue>? given = null;
        if (queues is not null)
        {
            Assert.Null(ReviewQueues.ParseList(queues, out var parsed));
            given = parsed;
        }

        var access = QueueAccess.For(new QueueReader("cy", role, given), OpenCase(childSafety: childSafety, state: state), Now);

        Assert.Equal((read, act), (access.CanRead, access.CanAct));
        Assert.Equal(act, access.Why is null);
    }

    [Fact]
    public void A_refusal_names_the_cases_queue_and_the_readers_queues()
    {
        var access = QueueAccess.For(Ana, OpenCase(state: CaseState.AwaitingSecondReview), Now);

        Assert.Equal((ReviewQueue.Senior, false), (access.Queue, access.CanRead));
        Assert.Equal($"Case {CaseId} is in the senior queue, which is not one of yours (yours: child-safety, general).", access.Why);
    }

    [Fact]
    public void A_reviewer_who_dismissed_a_child_safety_case_still_reads_it_awaiting_a_senior_but_cannot_act()
    {
        var access = QueueAccess.For(Ana, DismissedOnce(), Now);

        Assert.Equal((ReviewQueue.Senior, true, false), (access.Queue, access.CanRead, access.CanAct));
        Assert.Contains("because you decided it", access.Why);
        Assert.Contains("a senior reviewer other than ana", access.Why);

        // Another reviewer without the senior queue does not see it at all.
        Assert.False(QueueAccess.For(new QueueReader("cy", ReaderRole.Reviewer), DismissedOnce(), Now).CanRead);
    }

    [Fact]
    public void A_senior_who_made_the_first_dismissal_reads_the_case_but_may_not_take_it_for_the_second()
    {
        var c = DismissedOnce() with { Decisions = [Decide("ben", ReviewerRole.Senior, DecisionKind.Dismiss)] };

        var ben = QueueAccess.For(Ben, c, Now);
        var dee = QueueAccess.For(new QueueReader("dee", ReaderRole.SeniorReviewer), c, Now);

        Assert.Equal((true, false), (ben.CanRead, ben.CanAct));
        Assert.Contains("other than ben", ben.Why);
        Assert.True(dee.CanAct);
    }

    [Fact]
    public void A_case_claimed_by_another_is_read_but_not_acted_on_until_the_claim_lapses()
    {
        var c = OpenCase(claim: new CaseClaim("ben", Now.AddMinutes(5), Now.AddMinutes(-25)));

        var held = QueueAccess.For(Ana, c, Now);
        var own = QueueAccess.For(Ana, c with { Claim = new CaseClaim("ana", Now.AddMinutes(5)) }, Now);
        var lapsed = QueueAccess.For(Ana, c, Now.AddMinutes(5));

        Assert.Equal((true, false), (held.CanRead, held.CanAct));
        Assert.Equal($"Case {CaseId} is claimed by ben until {Now.AddMinutes(5):u}.", held.Why);
        Assert.True(own.CanAct);
        Assert.True(lapsed.CanAct);
    }

    [Fact]
    public void An_appeal_goes_to_those_given_the_appeals_queue_who_did_not_decide_the_case()
    {
        var appealed = CascadedCase() with { Appeal = new CaseAppeal(Now, Uploader, "not me") }; // "ana" confirmed it
        var withAppeals = new QueueReader("cy", ReaderRole.Reviewer, [ReviewQueue.Appeals]);

        var decider = QueueAccess.For(Ana with { Queues = [ReviewQueue.Appeals] }, appealed, Now);

        Assert.Equal((true, true), (QueueAccess.For(withAppeals, appealed, Now).CanRead, QueueAccess.For(withAppeals, appealed, Now).CanAct));
        Assert.False(QueueAccess.For(new QueueReader("cy", ReaderRole.Reviewer), appealed, Now).CanRead); // not given appeals
        Assert.True(QueueAccess.For(Ben, appealed, Now).CanAct);
        Assert.Equal((true, false), (decider.CanRead, decider.CanAct));
    }

    [Fact]
    public void Access_is_decided_from_the_case_as_it_is_now()
    {
        // Given a child-safety case a reviewer may act on
        var c = OpenCase();
        var cy = new QueueReader("cy", ReaderRole.Reviewer);
        Assert.True(QueueAccess.For(cy, c, Now).CanAct);

        // When another reviewer dismisses it, it moves to the senior queue: out of cy's sight, in ben's.
        var moved = CaseWorkflow.Decide(c, Item(), Decide("ana", ReviewerRole.Reviewer, DecisionKind.Dismiss), Now).Case;

        Assert.False(QueueAccess.For(cy, moved, Now).CanRead);
        Assert.True(QueueAccess.For(Ben, moved, Now).CanAct);
    }
}
