namespace Aegis.Core.Cluster;

/// <summary>
/// How the content index's partitions spread over the live nodes: each node holds at most its fair share (the partition
/// count over the live nodes, rounded up), claims free partitions up to it, and gives up what it holds beyond its share while
/// another live node holds less than the count over the live nodes rounded down. Every node runs the same rule on what the database says; the
/// database's conditional claims settle any race, so no node needs to agree with another first. Free partitions are tried
/// in an order of the node's own (rendezvous hashing), so two nodes starting together mostly try different ones.
/// </summary>
public static class PartitionPlan
{
    /// <summary>The most partitions a node should hold.</summary>
    public static int FairShare(int partitions, int liveNodes) =>
        (partitions + Math.Max(liveNodes, 1) - 1) / Math.Max(liveNodes, 1);

    /// <summary>The moves for <paramref name="me"/>.</summary>
    /// <param name="me">This node.</param>
    /// <param name="liveNodes">The nodes seen recently, this one included.</param>
    /// <param name="holdings">Every partition and its live holder.</param>
    public static PartitionMoves Decide(string me, IReadOnlyCollection<string> liveNodes, IReadOnlyList<PartitionHolding> holdings)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(liveNodes);
        ArgumentNullException.ThrowIfNull(holdings);
        var live = new HashSet<string>(liveNodes, StringComparer.Ordinal) { me };
        var fair = FairShare(holdings.Count, live.Count);
        var held = holdings.Where(h => h.Owner == me).Select(h => h.Partition).ToList();
        if (held.Count < fair)
        {
            var claim = holdings.Where(h => h.Owner is null || !live.Contains(h.Owner))
                .Select(h => h.Partition)
                .OrderBy(p => Rank(me, p))
                .Take(fair - held.Count)
                .ToList();
            return claim.Count == 0 ? PartitionMoves.None : new PartitionMoves(claim, []);
        }

        if (held.Count > fair)
        {
            var counts = holdings.Where(h => h.Owner is not null && live.Contains(h.Owner)).GroupBy(h => h.Owner!).ToDictionary(g => g.Key, g => g.Count());
            var least = holdings.Count / live.Count;
            if (live.Any(node => node != me && counts.GetValueOrDefault(node) < least))
            {
                return new PartitionMoves([], [.. held.OrderBy(p => Rank(me, p)).Skip(fair)]);
            }
        }

        return PartitionMoves.None;
    }

    /// <summary>A stable pseudo-random rank of a partition for a node (FNV-1a over both).</summary>
    private static uint Rank(string node, int partition)
    {
        var hash = 2166136261u;
        foreach (var c in node)
        {
            hash = (hash ^ c) * 16777619u;
        }

        for (var i = 0; i < 4; i++)
        {
            hash = (hash ^ (uint)((partition >> (8 * i)) & 0xFF)) * 16777619u;
        }

        return hash;
    }
}
