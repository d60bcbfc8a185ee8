namespace Aegis.Core.Cluster;

/// <summary>What one node should do with its leases now.</summary>
/// <param name="Claim">Free partitions to try to claim (another node may win some: the database decides).</param>
/// <param name="Release">Partitions to give up so that a node holding fewer than its share can take them.</param>
public sealed record PartitionMoves(IReadOnlyList<int> Claim, IReadOnlyList<int> Release)
{
    public static PartitionMoves None { get; } = new([], []);
}
