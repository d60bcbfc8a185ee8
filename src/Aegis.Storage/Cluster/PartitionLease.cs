namespace Aegis.Storage;

/// <summary>One content-index partition as the database has it: who holds it, until when, and how far it is matched.</summary>
/// <param name="Partition">Its number, 0 to the partition count − 1 (an item's partition is its row id modulo the count).</param>
/// <param name="Owner">The node holding the lease, or null.</param>
/// <param name="Epoch">Raised at every claim (a fencing token).</param>
/// <param name="LeaseUntil">When the lease runs out unless renewed.</param>
/// <param name="MatchedSequence">Every item up to <paramref name="MatchedPosition"/> was matched against every bank change up to this.</param>
/// <param name="MatchedPosition">The content row up to which <paramref name="MatchedSequence"/> holds.</param>
public sealed record PartitionLease(int Partition, string? Owner, long Epoch, DateTimeOffset? LeaseUntil, long MatchedSequence, long MatchedPosition)
{
    /// <summary>Free, or its lease ran out at <paramref name="now"/>.</summary>
    public bool IsFree(DateTimeOffset now) => Owner is null || LeaseUntil is null || LeaseUntil < now;
}
