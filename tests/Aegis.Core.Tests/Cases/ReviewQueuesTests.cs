using System.Text.Json;
using Aegis.Core.Cases;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class ReviewQueuesTests
{
    /// <summary>A case's state (child safety or not, an appeal pending or decided) → its queue now.</summary>
    public static TheoryData<Case, ReviewQueue?> Queues => new()
    {
        { OpenCase(childSafety: true), ReviewQueue.ChildSafety },
        { OpenCase(childSafety: false), ReviewQueue.General },
        { OpenCase(state: CaseState.AwaitingSecondReview), ReviewQueue.Senior },
        { CascadedCase() with { Appeal = new CaseAppeal(Now, Uploader, "not me") }, ReviewQueue.Appeals },
        { CascadedCase(childSafety: false) with { Appeal = new CaseAppeal(Now, Uploader, "not me") }, ReviewQueue.Appeals },
        { CascadedCase() with { Appeal = new CaseAppeal(Now, Uploader, "not me", AppealOutcome.Upheld, "ben", "seen") }, null },
        { CascadedCase(), null },
        { OpenCase(state: CaseState.Dismissed), null },
        { OpenCase(state: CaseState.ConfirmedByMatch), null },
    };

    [Theory]
    [MemberData(nameof(Queues))]
    public void A_cases_queue_follows_from_its_state_now(Case c, ReviewQueue? queue)
    {
        Assert.Equal(queue, ReviewQueues.Of(c));
        Assert.Equal(queue ?? (c.ChildSafety ? ReviewQueue.ChildSafety : ReviewQueue.General), ReviewQueues.Home(c));
    }

    [Fact]
    public void A_child_safety_dismissal_moves_the_case_to_the_senior_queue_and_a_second_one_takes_it_out()
    {
        var c = OpenCase();
        var first = CaseWorkflow.Decide(c, Item(), Decide("ana", ReviewerRole.Reviewer, DecisionKind.Dismiss), Now).Case;
        var second = CaseWorkflow.Decide(first, Item(), Decide("ben", ReviewerRole.Senior, DecisionKind.Dismiss), Now).Case;

        Assert.Equal([ReviewQueue.ChildSafety, ReviewQueue.Senior, null], new[] { c, first, second }.Select(ReviewQueues.Of));
    }

    [Theory]
    [InlineData(ReaderRole.Reviewer, "child-safety, general", "appeals, child-safety, general")]
    [InlineData(ReaderRole.SeniorReviewer, "appeals, child-safety, general, senior", "appeals, child-safety, general, senior")]
    [InlineData(ReaderRole.Admin, "appeals, child-safety, general, senior", "appeals, child-safety, general, senior")]
    [InlineData(ReaderRole.Curator, "", "")]
    public void Each_role_has_default_queues_and_may_be_given_only_its_permitted_ones(ReaderRole role, string defaults, string permitted)
    {
        Assert.Equal(defaults, Names(ReviewQueues.Default(role)));
        Assert.Equal(permitted, Names(ReviewQueues.Permitted(role)));
        Assert.Equal(defaults, Names(new QueueReader("ana", role).Allowed));
    }

    [Fact]
    public void Queues_a_role_may_not_work_are_refused_when_given_and_ignored_if_a_role_changes_later()
    {
        var seniorOnly = ReviewQueues.Validate(ReaderRole.Reviewer, [ReviewQueue.General, ReviewQueue.Senior]);
        var curator = ReviewQueues.Validate(ReaderRole.Curator, [ReviewQueue.General]);

        Assert.Contains("senior queue", seniorOnly);
        Assert.Contains("curator", curator);
        Assert.Null(ReviewQueues.Validate(ReaderRole.Reviewer, [ReviewQueue.Appeals]));
        Assert.Null(ReviewQueues.Validate(ReaderRole.Curator, []));
        Assert.Null(ReviewQueues.Validate(ReaderRole.Curator, null));

        // Given the senior queue as a senior reviewer, then made a reviewer: the senior queue no longer counts.
        Assert.Equal("general", Names(new QueueReader("ana", ReaderRole.Reviewer, [ReviewQueue.General, ReviewQueue.Senior]).Allowed));
        Assert.Equal("", Names(new QueueReader("ana", ReaderRole.Reviewer, []).Allowed));
    }

    [Fact]
    public void Queue_names_are_parsed_in_any_case_and_a_list_names_the_first_unknown_one()
    {
        Assert.Null(ReviewQueues.ParseList(" General,child-safety,general ", out var queues));
        var unknown = ReviewQueues.ParseList("general,childsafety", out _);
        Assert.Null(ReviewQueues.ParseList("", out var none));

        Assert.Equal([ReviewQueue.ChildSafety, ReviewQueue.General], queues);
        Assert.Equal("'childsafety' is not a queue; the queues are child-safety, general, senior, appeals.", unknown);
        Assert.Empty(none);
        Assert.All(ReviewQueues.All, q => Assert.Equal(q, ReviewQueues.Parse(ReviewQueues.Name(q).ToUpperInvariant())));
        Assert.Equal(ReviewQueue.ChildSafety, ReviewQueues.Parse("child_safety"));
        Assert.Null(ReviewQueues.Parse("childsafety"));
    }

    [Fact]
    public void Queues_and_reasons_are_written_in_json_by_their_wire_names()
    {
        var json = JsonSerializer.Serialize(new { queue = ReviewQueue.ChildSafety, reasons = new[] { ReviewReason.PersonShown, ReviewReason.BankMatch } });

        Assert.Equal("""{"queue":"child-safety","reasons":["person-shown","bank-match"]}""", json);
        Assert.Equal(ReviewQueue.Senior, JsonSerializer.Deserialize<ReviewQueue>("\"Senior\""));
        var bad = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReviewQueue>("\"seniors\""));
        Assert.Contains("child-safety, general, senior, appeals", bad.Message);
    }

    private static string Names(IEnumerable<ReviewQueue> queues) => string.Join(", ", queues.Select(ReviewQueues.Name).Order(StringComparer.Ordinal));
}
