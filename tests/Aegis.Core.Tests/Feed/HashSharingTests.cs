using Aegis.Core.Cases;
using Aegis.Core.Feed;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Feed;

public sealed class HashSharingTests
{
    public static TheoryData<string, bool, bool, string?> Table => new()
    {
        // case, from another exchange, re-share allowed → category shared (null: not shared)
        { "csam", false, false, "B1" },
        { "csam", true, false, null },
        { "csam", true, true, "B1" },
        { "child-safety violation", false, false, HashSharing.ChildSafetyCategory },
        { "other violation", false, false, null },
        { "open", false, false, null },
        { "dismissed", false, false, null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Only_confirmed_child_safety_items_are_shared_and_another_exchanges_only_when_allowed(string kind, bool fromExchange, bool reshare, string? expected)
    {
        var c = kind switch
        {
            "csam" => ConfirmedCase(),
            "child-safety violation" => ConfirmedCase() with { Decisions = [Decide("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmViolation)] },
            "other violation" => ConfirmedCase(childSafety: false),
            "open" => OpenCase(),
            _ => OpenCase() with { State = CaseState.Dismissed, Decisions = [Decide("ana", ReviewerRole.Reviewer, DecisionKind.Dismiss)] },
        };

        Assert.Equal(expected, HashSharing.Category(c, fromExchange, reshare));
    }
}
