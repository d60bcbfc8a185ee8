using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Aegis.Storage.Tests.Support;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    private const int ClusterPartitions = 4;

    [Fact]
    public async Task Partition_rows_are_created_once_and_their_count_is_the_first_nodes()
    {
        await using var store = await OpenAsync();
        var cluster = new ClusterStore(store);

        var first = await cluster.EnsurePartitionsAsync(ClusterPartitions);
        var other = await cluster.EnsurePartitionsAsync(9);

        Assert.Equal(ClusterPartitions, first.Count);
        Assert.Equal(first, other);
        Assert.Equal(32, first.Cluster.Length);
        Assert.Equal([0, 1, 2, 3], (await cluster.ReadPartitionsAsync()).Select(p => p.Partition));
    }

    [Fact]
    public async Task Two_nodes_racing_for_a_partition_cannot_both_win_and_the_loser_cannot_write_for_it()
    {
        await using var store = await OpenAsync();
        var cluster = new ClusterStore(store);
        await cluster.EnsurePartitionsAsync(ClusterPartitions);
        var lease = (await cluster.ReadPartitionsAsync())[1];
        var until = _time.GetUtcNow().AddSeconds(15);
        if (!lease.IsFree(_time.GetUtcNow()))
        {
            Assert.True(await cluster.ReleaseAsync(1, lease.Epoch, lease.Owner!));
        }

        // When two nodes claim it at once from the same epoch
        var claims = await Task.WhenAll(
            Task.Run(() => cluster.TryClaimAsync(1, lease.Epoch, "node-a", until)),
            Task.Run(() => cluster.TryClaimAsync(1, lease.Epoch, "node-b", until)));

        // Then one wins, with the epoch raised; the other can neither renew nor checkpoint
        var won = Assert.Single(claims, c => c is not null)!;
        var loser = won.Owner == "node-a" ? "node-b" : "node-a";
        Assert.Equal(lease.Epoch + 1, won.Epoch);
        Assert.False(await cluster.RenewAsync(1, won.Epoch, loser, until));
        Assert.False(await cluster.CheckpointAsync(1, won.Epoch, loser, long.MaxValue, long.MaxValue));
        Assert.Null(await cluster.TryClaimAsync(1, won.Epoch, loser, until));

        // And the winner's checkpoints only move forward
        Assert.True(await cluster.CheckpointAsync(1, won.Epoch, won.Owner!, lease.MatchedSequence + 10, lease.MatchedPosition + 20));
        Assert.True(await cluster.CheckpointAsync(1, won.Epoch, won.Owner!, lease.MatchedSequence + 5, lease.MatchedPosition + 5));
        var after = (await cluster.ReadPartitionsAsync())[1];
        Assert.Equal((lease.MatchedSequence + 10, lease.MatchedPosition + 20), (after.MatchedSequence, after.MatchedPosition));
        Assert.True(await cluster.ReleaseAsync(1, won.Epoch, won.Owner!));
    }

    [Fact]
    public async Task A_lease_that_runs_out_is_taken_over_and_the_old_holder_is_fenced()
    {
        await using var store = await OpenAsync();
        var cluster = new ClusterStore(store);
        await cluster.EnsurePartitionsAsync(ClusterPartitions);
        var lease = (await cluster.ReadPartitionsAsync())[2];
        var held = await cluster.TryClaimAsync(2, lease.Epoch, "node-old", _time.GetUtcNow().AddSeconds(15));
        Assert.NotNull(held);

        // While the lease runs, nobody else can claim it
        Assert.Null(await cluster.TryClaimAsync(2, held.Epoch, "node-new", _time.GetUtcNow().AddSeconds(15)));

        // When the old holder stops renewing and the lease runs out
        _time.Now += TimeSpan.FromSeconds(16);
        var taken = await cluster.TryClaimAsync(2, held.Epoch, "node-new", _time.GetUtcNow().AddSeconds(15));

        // Then the new node holds it and the old one can no longer renew or checkpoint
        Assert.Equal(("node-new", held.Epoch + 1), (taken?.Owner, taken?.Epoch));
        Assert.False(await cluster.RenewAsync(2, held.Epoch, "node-old", _time.GetUtcNow().AddSeconds(15)));
        Assert.False(await cluster.CheckpointAsync(2, held.Epoch, "node-old", 1, 1));
        Assert.True(await cluster.RenewAsync(2, taken!.Epoch, "node-new", _time.GetUtcNow().AddSeconds(15)));
        Assert.True(await cluster.ReleaseAsync(2, taken.Epoch, "node-new"));
        Assert.True((await cluster.ReadPartitionsAsync())[2].IsFree(_time.GetUtcNow()));
    }

    [Fact]
    public async Task Nodes_are_seen_by_their_heartbeats_and_forgotten_long_after()
    {
        await using var store = await OpenAsync();
        var cluster = new ClusterStore(store);
        var node = NewBankName("node");

        await cluster.HeartbeatAsync(node, "http://10.0.0.7:8080", "token-1");
        await cluster.HeartbeatAsync(node, "http://10.0.0.7:8080", "token-2");

        var seen = Assert.Single(await cluster.ReadNodesAsync(_time.GetUtcNow().AddSeconds(-1)), n => n.NodeId == node);
        Assert.Equal(("http://10.0.0.7:8080", "token-2"), (seen.Url, seen.Token));
        _time.Now += TimeSpan.FromMinutes(1);
        Assert.DoesNotContain(await cluster.ReadNodesAsync(_time.GetUtcNow().AddSeconds(-15)), n => n.NodeId == node);
        Assert.True(await cluster.ForgetNodesAsync(_time.GetUtcNow().AddSeconds(-30)) >= 1);
        Assert.DoesNotContain(await cluster.ReadNodesAsync(DateTimeOffset.MinValue), n => n.NodeId == node);
    }

    [Fact]
    public async Task A_partition_is_read_on_its_own_and_the_feed_reads_hashes_of_held_partitions_only()
    {
        await using var store = await OpenAsync();
        var contents = new ContentStore(store);
        var md5 = new List<string>();
        var rows = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            md5.Add(RandomRecords.Hex(_random, SignalType.Md5));
            rows.Add((await contents.RecordAsync(new ContentRecord(
                NewBankName("part"), MediaKind.Hashes, null, null, null, null, RandomRecords.Hex(_random, SignalType.Pdq), null, md5[i], null, null, Verdict.Allow))).RowId);
        }

        var held = new ContentPartitions(ClusterPartitions, new HashSet<int> { (int)(rows[0] % ClusterPartitions) });

        // The feed brings every row, with hashes only for the held partition
        var fed = (await ToListAsync(contents.ReadIndexAsync(rows[0] - 1, held))).Where(r => rows.Contains(r.RowId)).ToList();
        Assert.Equal(rows, fed.Select(r => r.RowId));
        Assert.All(fed, r => Assert.Equal(r.RowId % ClusterPartitions == rows[0] % ClusterPartitions, r.Pdq is not null));

        // A partition is read alone, up to a row
        var partition = (int)(rows[1] % ClusterPartitions);
        var read = await ToListAsync(contents.ReadPartitionAsync(ClusterPartitions, partition, rows[0] - 1, rows[5]));
        Assert.Equal(rows.Take(6).Where(r => r % ClusterPartitions == partition), read.Select(r => r.RowId));

        // Digests are found by the database, within the partitions asked for
        var all = await contents.FindByDigestsAsync([md5[2], md5[3]], []);
        Assert.Equal(new[] { rows[2], rows[3] }.Order(), all.Select(r => r.RowId).Order());
        var only = await contents.FindByDigestsAsync([md5[2], md5[3]], [], new ContentPartitions(ClusterPartitions, new HashSet<int> { (int)(rows[2] % ClusterPartitions) }));
        Assert.Equal([rows[2]], only.Select(r => r.RowId));
    }
}
