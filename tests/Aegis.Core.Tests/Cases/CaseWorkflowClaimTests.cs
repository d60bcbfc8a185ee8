using Aegis.Core.Cases;
using Aegis.Core.Events;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class CaseWorkflowClaimTests
{
    /// <summary>The claim lifetime in <see cref="Cases.Rules"/>.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(20);

    /// <summary>Smallest step of a <see cref="DateTimeOffset"/>: either side of a claim's end.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Theory]
    [InlineData(CaseState.Open)]
    [InlineData(CaseState.AwaitingSecondReview)]
    public void A_reviewer_claims_an_open_case_for_the_claim_lifetime(CaseState state)
    {
        var c = OpenCase(state: state);

        var t = CaseWorkflow.Claim(c, Item(), "ana", Now, Rules);

        Assert.Null(t.Refusal);
        Assert.Equal(c with { Claim = new CaseClaim("ana", Now + Lifetime, Now) }, t.Case);
        Assert.Equal(Item(), t.Content);
        Assert.Equal<DomainEvent>([new CaseClaimed("ana", CaseId, Now + Lifetime)], t.Events);
    }

    /// <summary>
    /// An earlier claim (holder, its end relative to now) → who claims → accepted. A claim holds while its end is after
    /// now: at its end exactly, it has lapsed.
    /// </summary>
    public static TheoryData<string, TimeSpan, string, bool> Claims => new()
    {
        { "ben", TimeSpan.FromMinutes(5), "ana", false },
        { "ben", Tick, "ana", false },
        { "ben", TimeSpan.Zero, "ana", true },
        { "ben", -Tick, "ana", true },
        { "ben", TimeSpan.FromHours(-3), "ana", true },
        // The holder may claim again: the claim is renewed from now.
        { "ana", TimeSpan.FromMinutes(5), "ana", true },
        { "ana", TimeSpan.Zero, "ana", true },
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public void Another_reviewers_claim_holds_until_it_ends(string holder, TimeSpan endsIn, string reviewer, bool accepted)
    {
        var c = OpenCase(claim: new CaseClaim(holder, Now + endsIn));

        var t = CaseWorkflow.Claim(c, Item(), reviewer, Now, Rules);

        if (accepted)
        {
            Assert.Null(t.Refusal);
            Assert.Equal(new CaseClaim(reviewer, Now + Lifetime, Now), t.Case.Claim);
            Assert.Equal<DomainEvent>([new CaseClaimed(reviewer, CaseId, Now + Lifetime)], t.Events);
        }
        else
        {
            AssertRefused(CaseRefusalKind.Conflict, c, Item(), t);
            Assert.Contains(holder, t.Refusal!.Message);
        }
    }

    [Theory]
    [InlineData(CaseState.Confirmed)]
    [InlineData(CaseState.Dismissed)]
    public void A_closed_case_is_not_claimed(CaseState state)
    {
        var c = OpenCase(state: state);

        AssertRefused(CaseRefusalKind.Conflict, c, Item(), CaseWorkflow.Claim(c, Item(), "ana", Now, Rules));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_claim_names_its_reviewer(string reviewer)
    {
        var c = OpenCase();

        AssertRefused(CaseRefusalKind.Invalid, c, Item(), CaseWorkflow.Claim(c, Item(), reviewer, Now, Rules));
    }

    [Fact]
    public void The_holder_releases_the_case_to_the_queue()
    {
        var c = OpenCase(claim: new CaseClaim("ana", Now + Lifetime));

        var t = CaseWorkflow.Release(c, Item(), "ana", Now);

        Assert.Null(t.Refusal);
        Assert.Equal(c with { Claim = null }, t.Case);
        Assert.Equal<DomainEvent>([new CaseReleased("ana", CaseId)], t.Events);
    }

    /// <summary>The claim (holder and its end relative to now, or none) → who releases: all refused.</summary>
    public static TheoryData<string?, TimeSpan, string> Releases => new()
    {
        { "ben", TimeSpan.FromMinutes(5), "ana" },
        { null, TimeSpan.Zero, "ana" },
        // A lapsed claim is no claim: there is nothing to release.
        { "ana", TimeSpan.Zero, "ana" },
    };

    [Theory]
    [MemberData(nameof(Releases))]
    public void Only_the_reviewer_holding_the_claim_releases_it(string? holder, TimeSpan endsIn, string reviewer)
    {
        var c = OpenCase(claim: holder is null ? null : new CaseClaim(holder, Now + endsIn));

        AssertRefused(CaseRefusalKind.Conflict, c, Item(), CaseWorkflow.Release(c, Item(), reviewer, Now));
    }
}
