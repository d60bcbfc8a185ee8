using System.Collections.Concurrent;
using Aegis.Storage;

namespace Aegis.Server.Matching;

/// <summary>
/// The partitions of the content index this node holds (an item's partition is its row id modulo the partition count).
/// The lease loop (<see cref="PartitionLeaser"/>) adds and drops partitions; the matcher host loads them and keeps them
/// current; searches read the current ones. With one partition (the default) this node holds all of it.
/// </summary>
internal sealed class ContentIndex
{
    private readonly ConcurrentDictionary<int, ContentPartition> _held = new();
    private volatile int _count = 1;

    /// <summary>How many partitions the cluster has (as the database says).</summary>
    public int PartitionCount => _count;

    /// <summary>True once the partition count is known (the lease loop has read it).</summary>
    public bool Configured { get; private set; }

    /// <summary>Items in the partitions held and loaded.</summary>
    public long Items => _held.Values.Sum(p => p.Index?.Items ?? 0);

    /// <summary>The partitions held now.</summary>
    public IReadOnlyList<ContentPartition> Held => [.. _held.Values.OrderBy(p => p.Number)];

    /// <summary>The partitions held, for the feed's filter.</summary>
    public ContentPartitions Filter => new(_count, _held.Keys.ToHashSet());

    /// <summary>True when every partition held is current and at least one is held.</summary>
    public bool AllCurrent => !_held.IsEmpty && _held.Values.All(p => p.Current);

    /// <summary>The cluster's id (from the database): snapshots on disk are kept under it.</summary>
    public string Cluster { get; private set; } = "";

    public void Configure(int partitionCount, string cluster)
    {
        _count = partitionCount;
        Cluster = cluster;
        Configured = true;
    }

    /// <summary>The partition of a row.</summary>
    public int PartitionOf(long rowId) => ContentPartitions.Of(rowId, _count);

    /// <summary>The partition if held.</summary>
    public ContentPartition? Get(int partition) => _held.GetValueOrDefault(partition);

    public void Adopt(ContentPartition partition) => _held[partition.Number] = partition;

    /// <summary>Stops holding a partition (lease lost or given up): its snapshot is written and its memory let go.</summary>
    public void Drop(int partition)
    {
        if (_held.TryRemove(partition, out var dropped))
        {
            dropped.Dropped = true;
            dropped.Close();
        }
    }
}
