using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The database as the coordinator of a cluster's nodes: heartbeats, and leases on the content index's partitions. Every
/// change is one conditional UPDATE (on the partition's epoch, raised at each claim), so two nodes racing for a partition
/// cannot both win, and a node that lost a lease cannot write for it: no in-process lock, no consensus protocol.
/// </summary>
public sealed class ClusterStore(BankStore store)
{
    /// <summary>The longest node id.</summary>
    public const int MaxNodeIdLength = 128;

    /// <summary>
    /// Creates the partition rows when there are none: <paramref name="count"/> of them, each counted as matched up to the
    /// newest bank change and content row now (what the nodes running before had matched), with a new random cluster id.
    /// Returns the count the database holds (which differs from <paramref name="count"/> when another node created them
    /// first) and the cluster id, which snapshots on disk are bound to (a database made again gets a new one).
    /// </summary>
    public async Task<(int Count, string Cluster)> EnsurePartitionsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (await ReadClusterAsync(cancellationToken) is { } existing)
        {
            return existing;
        }

        var now = store.Time.GetUtcNow();
        var cluster = Guid.NewGuid().ToString("N");
        await using var db = store.CreateContext();
        var sequence = await db.Changes.MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
        var position = await db.Contents.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        for (var p = 0; p < count; p++)
        {
            db.ContentPartitions.Add(new ContentPartitionRow { Partition = p, Cluster = cluster, MatchedSequence = sequence, MatchedPosition = position, UpdatedAt = now });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (count, cluster);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            // Another node created them at the same moment: theirs stand.
            return await ReadClusterAsync(cancellationToken) ?? throw new InvalidOperationException("The content partitions vanished.", e);
        }
    }

    /// <summary>Every partition, in order.</summary>
    public async Task<IReadOnlyList<PartitionLease>> ReadPartitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await db.ContentPartitions.AsNoTracking().OrderBy(p => p.Partition).ToListAsync(cancellationToken);
        return [.. rows.Select(ToLease)];
    }

    /// <summary>Says this node is alive (and where it is called); creates its row the first time.</summary>
    public async Task HeartbeatAsync(string nodeId, string? url, string token, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        var updated = await db.ClusterNodes.Where(n => n.NodeId == nodeId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.SeenAt, now).SetProperty(n => n.Url, url).SetProperty(n => n.Token, token), cancellationToken);
        if (updated == 0)
        {
            db.ClusterNodes.Add(new ClusterNodeRow { NodeId = nodeId, Url = url, Token = token, SeenAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
            {
                // Its own earlier heartbeat raced this one: the row is there.
            }
        }
    }

    /// <summary>Nodes seen since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<ClusterNode>> ReadNodesAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var from = since.ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        var rows = await db.ClusterNodes.AsNoTracking().Where(n => n.SeenAt >= from).OrderBy(n => n.NodeId).ToListAsync(cancellationToken);
        return [.. rows.Select(n => new ClusterNode(n.NodeId, n.Url, n.Token, DateTimeOffset.FromUnixTimeMilliseconds(n.SeenAt)))];
    }

    /// <summary>Forgets nodes not seen since <paramref name="before"/> (their leases have long run out).</summary>
    public async Task<int> ForgetNodesAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var cutoff = before.ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        return await db.ClusterNodes.Where(n => n.SeenAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the partition if it is still at <paramref name="epoch"/> and free (no owner, or a lease run out) or held under
    /// this node's own id (a restarted node taking its partitions back): raises its epoch and sets the lease. Returns the lease won, or null when another node got there first.
    /// </summary>
    public async Task<PartitionLease?> TryClaimAsync(int partition, long epoch, string nodeId, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var untilMs = until.ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        var won = await db.ContentPartitions
            .Where(p => p.Partition == partition && p.Epoch == epoch && (p.Owner == null || p.LeaseUntil == null || p.LeaseUntil < nowMs || p.Owner == nodeId))
            .ExecuteUpdateAsync(
                s => s.SetProperty(p => p.Owner, nodeId).SetProperty(p => p.Epoch, epoch + 1).SetProperty(p => p.LeaseUntil, untilMs).SetProperty(p => p.UpdatedAt, now),
                cancellationToken);
        if (won == 0)
        {
            return null;
        }

        var row = await db.ContentPartitions.AsNoTracking().SingleAsync(p => p.Partition == partition, cancellationToken);
        return ToLease(row);
    }

    /// <summary>Extends the lease while this node still holds it at <paramref name="epoch"/>; false when it was lost.</summary>
    public async Task<bool> RenewAsync(int partition, long epoch, string nodeId, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        var untilMs = until.ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        return await db.ContentPartitions.Where(p => p.Partition == partition && p.Epoch == epoch && p.Owner == nodeId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeaseUntil, untilMs).SetProperty(p => p.UpdatedAt, now), cancellationToken) == 1;
    }

    /// <summary>Gives the partition up (another node may claim it at once); false when it was not held.</summary>
    public async Task<bool> ReleaseAsync(int partition, long epoch, string nodeId, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        return await db.ContentPartitions.Where(p => p.Partition == partition && p.Epoch == epoch && p.Owner == nodeId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(p => p.Owner, (string?)null).SetProperty(p => p.LeaseUntil, (long?)null).SetProperty(p => p.UpdatedAt, now),
                cancellationToken) == 1;
    }

    /// <summary>
    /// Records how far the partition is matched, while this node holds it at <paramref name="epoch"/> (never backwards);
    /// false when the lease was lost (the write is refused).
    /// </summary>
    public async Task<bool> CheckpointAsync(
        int partition, long epoch, string nodeId, long matchedSequence, long matchedPosition, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        return await db.ContentPartitions.Where(p => p.Partition == partition && p.Epoch == epoch && p.Owner == nodeId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(p => p.MatchedSequence, p => matchedSequence > p.MatchedSequence ? matchedSequence : p.MatchedSequence)
                    .SetProperty(p => p.MatchedPosition, p => matchedPosition > p.MatchedPosition ? matchedPosition : p.MatchedPosition)
                    .SetProperty(p => p.UpdatedAt, now),
                cancellationToken) == 1;
    }

    private async Task<(int Count, string Cluster)?> ReadClusterAsync(CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var rows = await db.ContentPartitions.AsNoTracking().Select(p => p.Cluster).ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : (rows.Count, rows[0]);
    }

    private static PartitionLease ToLease(ContentPartitionRow r) =>
        new(r.Partition, r.Owner, r.Epoch, r.LeaseUntil is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, r.MatchedSequence, r.MatchedPosition);
}
