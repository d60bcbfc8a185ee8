using Aegis.Storage;

namespace Aegis.Server.Matching;

/// <summary>
/// A partition this node holds: its lease (epoch), how far it is matched, and its index once loaded. While it loads, the
/// items the feed brings for it wait in <see cref="Arrived"/>; the matcher host finishes the load (those items, then the
/// bank changes it missed) and only then counts it current. Touched by the matcher host's one loop, read by searches.
/// </summary>
internal sealed class ContentPartition(PartitionLease lease)
{
    public int Number { get; } = lease.Partition;

    /// <summary>The lease's epoch: writes for the partition are fenced on it.</summary>
    public long Epoch { get; } = lease.Epoch;

    /// <summary>Every item up to <see cref="MatchedPosition"/> is matched against every bank change up to this.</summary>
    public long MatchedSequence { get; set; } = lease.MatchedSequence;

    /// <summary>See <see cref="MatchedSequence"/>.</summary>
    public long MatchedPosition { get; set; } = lease.MatchedPosition;

    /// <summary>The index, once loaded.</summary>
    public PartitionIndex? Index { get; private set; }

    /// <summary>True once loaded and caught up with the bank changes: its searches are complete.</summary>
    public bool Current => Index is not null && _current;

    /// <summary>The load under way, once started.</summary>
    public Task<(PartitionIndex Index, List<IndexedContent> Unmatched)>? Load { get; set; }

    /// <summary>When its snapshot was last written.</summary>
    public DateTimeOffset FlushedAt { get; set; }

    /// <summary>Items the feed brought while loading.</summary>
    public List<IndexedContent> Arrived { get; } = [];

    /// <summary>Set when the lease was lost or given up: nothing more is written for it.</summary>
    public bool Dropped { get; set; }

    private volatile bool _current;

    /// <summary>Writes the snapshot up to <see cref="MatchedPosition"/> (every row up to there is in the index) and lets the index go.</summary>
    public void Close()
    {
        if (Index is { } index)
        {
            try
            {
                index.Flush(MatchedPosition);
            }
            finally
            {
                index.Dispose();
            }
        }
    }

    public void BecomeCurrent(PartitionIndex index)
    {
        Index = index;
        _current = true;
    }
}
