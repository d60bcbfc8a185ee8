using Aegis.Core.Cluster;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Matching;

/// <summary>
/// Holds this node's share of the content index's partitions through leases in the database: every third of
/// <see cref="ContentIndexOptions.LeaseSeconds"/> it says it is alive, renews what it holds (dropping what it lost),
/// and claims or gives up partitions by <see cref="PartitionPlan"/>. A node that dies stops renewing; its partitions
/// are claimed by the others once their leases run out. At an orderly stop it gives its partitions up at once.
/// </summary>
internal sealed partial class PartitionLeaser(
    ClusterStore cluster,
    ContentIndex index,
    ClusterNodeIdentity node,
    MatcherHost host,
    ServerOptions options,
    TimeProvider time,
    ILogger<PartitionLeaser> logger) : BackgroundService
{
    private long _rounds;

    private TimeSpan Lease => TimeSpan.FromSeconds(options.ContentIndex.LeaseSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!index.Configured)
        {
            try
            {
                var (count, id) = await cluster.EnsurePartitionsAsync(options.ContentIndex.Partitions, stoppingToken);
                if (count != options.ContentIndex.Partitions)
                {
                    LogCountDiffers(count, options.ContentIndex.Partitions);
                }

                index.Configure(count, id);
                if (count > 1 && node.Url is null)
                {
                    LogUnreachable(node.NodeId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e);
                }

                await Task.Delay(Lease / 3, time, stoppingToken);
            }
        }
        finally
        {
            await ReleaseAllAsync();
        }
    }

    /// <summary>One round: heartbeat, renew, then claim or give up by the plan.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        await cluster.HeartbeatAsync(node.NodeId, node.Url, node.Token, cancellationToken);
        var until = time.GetUtcNow() + Lease;
        foreach (var held in index.Held)
        {
            if (!await cluster.RenewAsync(held.Number, held.Epoch, node.NodeId, until, cancellationToken))
            {
                index.Drop(held.Number);
                LogLost(held.Number);
            }
        }

        var now = time.GetUtcNow();
        var leases = await cluster.ReadPartitionsAsync(cancellationToken);
        var nodes = await cluster.ReadNodesAsync(now - Lease, cancellationToken);
        // A partition the database says is this node's but which it does not hold is a previous run's (same id, restarted):
        // counted as free, so it is claimed back at once.
        var holdings = leases.Select(l => new PartitionHolding(
            l.Partition, l.IsFree(now) || (l.Owner == node.NodeId && index.Get(l.Partition) is null) ? null : l.Owner)).ToList();
        var moves = PartitionPlan.Decide(node.NodeId, [.. nodes.Select(n => n.NodeId)], holdings);
        foreach (var partition in moves.Release)
        {
            if (index.Get(partition) is { } held)
            {
                await GiveUpAsync(held, cancellationToken);
                LogReleased(partition);
            }
        }

        foreach (var partition in moves.Claim)
        {
            if (await cluster.TryClaimAsync(partition, leases[partition].Epoch, node.NodeId, time.GetUtcNow() + Lease, cancellationToken) is { } won)
            {
                index.Adopt(new ContentPartition(won));
                LogClaimed(partition, won.Epoch);
            }
        }

        if (moves.Claim.Count > 0)
        {
            host.Wake();
        }

        if (++_rounds % 1000 == 0)
        {
            await cluster.ForgetNodesAsync(now - TimeSpan.FromDays(1), cancellationToken);
        }
    }

    private async Task ReleaseAllAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        foreach (var held in index.Held)
        {
            try
            {
                await GiveUpAsync(held, timeout.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(e);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has {Count} content index partitions; ContentIndex:Partitions says {Configured}. The database's count is used (it is fixed when the first node starts).")]
    private partial void LogCountDiffers(int count, int configured);

    /// <summary>Drops the partition (its snapshot written) and releases its lease, with how far it is matched, so the next holder matches again only what is left.</summary>
    private async Task GiveUpAsync(ContentPartition held, CancellationToken cancellationToken)
    {
        index.Drop(held.Number);
        if (held.Current)
        {
            await cluster.CheckpointAsync(held.Number, held.Epoch, node.NodeId, held.MatchedSequence, held.MatchedPosition, cancellationToken);
        }

        await cluster.ReleaseAsync(held.Number, held.Epoch, node.NodeId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} cannot be called by the other nodes (Urls listens on every address and ContentIndex:AdvertiseUrl is not set): their copy lookups in its partitions will wait and come back incomplete")]
    private partial void LogUnreachable(string node);

    [LoggerMessage(Level = LogLevel.Error, Message = "Partition leases: a round failed; retrying")]
    private partial void LogFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed content index partition {Partition} (epoch {Epoch})")]
    private partial void LogClaimed(int partition, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease on content index partition {Partition}")]
    private partial void LogLost(int partition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gave up content index partition {Partition} to balance the nodes")]
    private partial void LogReleased(int partition);
}
