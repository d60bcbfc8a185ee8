namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>content_partitions</c>: one partition of the in-memory content index, its lease, and how far its
/// retroactive matching has got. Rows are created once (see <see cref="ClusterStore.EnsurePartitionsAsync"/>).
/// </summary>
internal sealed class ContentPartitionRow
{
    public int Partition { get; set; }

    /// <summary>The same random id in every row, made with them: what a node's snapshots on disk are bound to.</summary>
    public required string Cluster { get; set; }

    /// <summary>The node holding the lease, or null when free.</summary>
    public string? Owner { get; set; }

    /// <summary>Raised at every claim: a write by a node that lost the lease no longer matches it (a fencing token).</summary>
    public long Epoch { get; set; }

    /// <summary>When the lease runs out (Unix ms: compared in SQL on both providers).</summary>
    public long? LeaseUntil { get; set; }

    /// <summary>Every item of the partition up to <see cref="MatchedPosition"/> was matched against every bank entry up to this change.</summary>
    public long MatchedSequence { get; set; }

    /// <summary>The content row up to which <see cref="MatchedSequence"/> holds.</summary>
    public long MatchedPosition { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
