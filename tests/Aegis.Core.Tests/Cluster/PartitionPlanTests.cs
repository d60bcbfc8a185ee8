using Aegis.Core.Cluster;

namespace Aegis.Core.Tests.Cluster;

public sealed class PartitionPlanTests
{
    [Theory]
    [InlineData(8, 1, 8)]
    [InlineData(8, 2, 4)]
    [InlineData(8, 3, 3)]
    [InlineData(1, 3, 1)]
    [InlineData(8, 0, 8)]
    public void FairShareIsTheCountOverTheNodesRoundedUp(int partitions, int nodes, int expected) =>
        Assert.Equal(expected, PartitionPlan.FairShare(partitions, nodes));

    [Fact]
    public void ALoneNodeClaimsEveryFreePartition()
    {
        var moves = PartitionPlan.Decide("a", ["a"], Holdings(null, null, null, null));
        Assert.Equal([0, 1, 2, 3], moves.Claim.Order());
        Assert.Empty(moves.Release);
    }

    [Fact]
    public void ANodeClaimsOnlyUpToItsShare()
    {
        var moves = PartitionPlan.Decide("b", ["a", "b"], Holdings("a", "a", null, null, null, null));
        Assert.Equal(3, moves.Claim.Count);
        Assert.All(moves.Claim, p => Assert.True(p >= 2));
    }

    [Fact]
    public void APartitionOfADeadNodeIsFree()
    {
        var moves = PartitionPlan.Decide("b", ["b"], Holdings("a", "a", "b", "b"));
        Assert.Equal([0, 1], moves.Claim.Order());
    }

    [Fact]
    public void ANodeHoldingEverythingGivesUpWhatIsBeyondItsShareWhenAnotherJoins()
    {
        var moves = PartitionPlan.Decide("a", ["a", "b"], Holdings("a", "a", "a", "a", "a", "a", "a", "a"));
        Assert.Empty(moves.Claim);
        Assert.Equal(4, moves.Release.Count);
        Assert.Equal(4, moves.Release.Distinct().Count());
    }

    [Fact]
    public void AnUnevenSplitIsStable()
    {
        // 8 over 3: 3, 3, 2. Nobody is below 8 / 3 = 2, so nobody gives anything up.
        var holdings = Holdings("a", "a", "a", "b", "b", "b", "c", "c");
        foreach (var node in new[] { "a", "b", "c" })
        {
            Assert.Same(PartitionMoves.None, PartitionPlan.Decide(node, ["a", "b", "c"], holdings));
        }
    }

    [Fact]
    public void RepeatedRoundsSettleWithEveryPartitionHeldOnce()
    {
        // Given three nodes applying the rule in turn, each claim winning only when the partition is still free
        var owners = new string?[12];
        string[] nodes = ["a", "b", "c"];
        for (var round = 0; round < 10; round++)
        {
            foreach (var node in nodes)
            {
                var moves = PartitionPlan.Decide(node, nodes, [.. owners.Select((o, p) => new PartitionHolding(p, o))]);
                foreach (var p in moves.Release)
                {
                    owners[p] = null;
                }

                foreach (var p in moves.Claim.Where(p => owners[p] is null))
                {
                    owners[p] = node;
                }
            }
        }

        // Then every partition has one owner and each holds four
        Assert.All(owners, o => Assert.NotNull(o));
        Assert.All(nodes, n => Assert.Equal(4, owners.Count(o => o == n)));
    }

    private static List<PartitionHolding> Holdings(params string?[] owners) =>
        [.. owners.Select((o, p) => new PartitionHolding(p, o))];
}
