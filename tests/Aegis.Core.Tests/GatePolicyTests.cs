using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;

namespace Aegis.Core.Tests;

public sealed class GatePolicyTests
{
    [Theory]
    [InlineData(new BankAction[0], Verdict.Allow)]
    [InlineData(new[] { BankAction.Flag }, Verdict.Allow)]
    [InlineData(new[] { BankAction.Hold, BankAction.Flag }, Verdict.Hold)]
    [InlineData(new[] { BankAction.Flag, BankAction.Block, BankAction.Hold }, Verdict.Block)]
    public void The_strictest_action_that_counts_decides(BankAction[] actions, Verdict expected)
    {
        var matches = actions.Select((a, i) => new BankMatch($"bank-{i}", i + 1, SignalType.Pdq, 3, a, BankKind.Ordinary)).ToList();

        Assert.Equal(expected, GatePolicy.Decide(new MatchResult(matches, [])));
    }

    [Fact]
    public void Suppressed_and_negative_matches_do_not_block()
    {
        var negative = new BankMatch("benign", 1, SignalType.Pdq, 0, BankAction.Block, BankKind.Negative);
        var suppressed = new BankMatch("listed", 2, SignalType.Pdq, 4, BankAction.Block, BankKind.Ordinary);

        Assert.Equal(Verdict.Allow, GatePolicy.Decide(new MatchResult([negative], [suppressed])));
    }
}
