using Aegis.Core.Gate;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;
using Aegis.Server.Hosting;
using Aegis.Server.Metrics;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Matching;

/// <summary>
/// Keeps this node's indexes current. It loads every bank into a <see cref="BankMatcher"/> first — the node gives verdicts
/// from then on — and then, every <see cref="ServerOptions.FeedPollMilliseconds"/> (or at once when woken by a write on
/// this node), applies the bank change feed, indexes the content recorded since in the partitions this node holds, loads
/// partitions it has newly taken on, and records retroactive matches: content recorded earlier that a newly added entry
/// matches. Each partition carries how far it is matched (bank change and content row), checkpointed in the database, so
/// the node that takes it on after a failure matches exactly what was left.
/// </summary>
internal sealed partial class MatcherHost(
    BankStore store,
    ContentStore contents,
    ContentIndex contentIndex,
    ClusterStore cluster,
    ClusterNodeIdentity node,
    ServerOptions options,
    TimeProvider time,
    AegisMetrics metrics,
    ILogger<MatcherHost> logger) : BackgroundService
{
    /// <summary>At start the content feed begins this many rows below the newest (writes in flight are among them).</summary>
    private const long StartWindow = 10_000;

    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(2);

    /// <summary>Rows added to a loading partition's index at once.</summary>
    private const int BuildBatch = 50_000;

    private readonly SemaphoreSlim _step = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly ContentFeed _contentFeed = new(contents, time);
    private volatile BankMatcherFeed? _feed;
    private DateTimeOffset _lastCheckpoint;
    private long _steps;
    private long _banksReadAt;

    /// <summary>The matcher, once loaded.</summary>
    public BankMatcher? Matcher => _feed?.Matcher;

    /// <summary>The last bank change applied.</summary>
    public long Sequence => _feed?.LastSequence ?? 0;

    /// <summary>Steps run since start: each reads the content feed once, and the bank change feed unless uploads woke it before a poll was due.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>True once the banks are loaded: verdicts need nothing more.</summary>
    public bool Ready => _feed is not null;

    /// <summary>Applies the feed now (after a bank write on this node, so the change counts before the reply).</summary>
    public async Task CatchUpNowAsync(CancellationToken cancellationToken)
    {
        if (_feed is not null)
        {
            await StepAsync(readBanks: true, cancellationToken);
        }
    }

    /// <summary>Indexes content recorded on this node soon (it is also read back from the store in order).</summary>
    /// <remarks>
    /// One pending wake is enough: the step it starts reads every item committed before it (issue 12: a wake per upload
    /// was a step, three queries, per upload). A race that releases twice costs one extra step, never a missed item.
    /// </remarks>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (_feed is null)
        {
            try
            {
                var started = await contents.LatestRowAsync(stoppingToken);
                var feed = await BankMatcherFeed.LoadAsync(store, null, stoppingToken);
                _contentFeed.StartAfter(started - StartWindow);
                _feed = feed;
                LogLoaded(feed.LoadedEntries);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLoadFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

        var woken = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A step that uploads woke is for their content: it reads the bank change feed only when a poll is due, so
            // other nodes' bank changes still arrive within FeedPollMilliseconds however steady the uploads (a bank write
            // on this node applies its change itself, CatchUpNowAsync). Content indexed before a change is applied is
            // still found: the step that applies it looks each new entry up in every partition held.
            var banksDue = !woken || time.GetElapsedTime(Interlocked.Read(ref _banksReadAt)).TotalMilliseconds >= options.FeedPollMilliseconds;
            try
            {
                await StepAsync(banksDue, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStepFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }

            woken = await _wake.WaitAsync(TimeSpan.FromMilliseconds(options.FeedPollMilliseconds), stoppingToken);
            if (woken && options.FeedBatchMilliseconds > 0)
            {
                // An upload on this node woke us: the uploads of the next few milliseconds join it, so that one read of the
                // content feed indexes them all. Nothing waits on this: a bank write's own step (CatchUpNowAsync) reads the
                // content committed before it, so a hash banked later still finds every item.
                await Task.Delay(TimeSpan.FromMilliseconds(options.FeedBatchMilliseconds), stoppingToken);
            }

            // The next step serves every wake given so far (their items were committed before they woke us).
            while (_wake.Wait(0))
            {
            }
        }
    }

    private async Task StepAsync(bool readBanks, CancellationToken cancellationToken)
    {
        await _step.WaitAsync(cancellationToken);
        try
        {
            Interlocked.Increment(ref _steps);
            var feed = _feed!;
            var added = new List<BankEntry>();
            if (readBanks)
            {
                Interlocked.Exchange(ref _banksReadAt, time.GetTimestamp());
                await feed.CatchUpAsync(added, cancellationToken);
            }

            var sequence = feed.LastSequence;
            var events = new List<NewMatchEvent>();
            var banks = new BankSettings(store);

            // Partitions newly held start loading what was recorded up to the feed's position; the feed brings the rest. A
            // load that ends after this step wakes the next one, which makes the partition current: not a poll later.
            var held = contentIndex.Held;
            foreach (var partition in held.Where(p => p.Load is null))
            {
                partition.Load = LoadAsync(partition, _contentFeed.LastRowId, cancellationToken);
                _ = partition.Load.ContinueWith(_ => Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            _contentFeed.Partitions = contentIndex.Filter;

            // Content recorded since the last step (and late commits of earlier ids: see ContentFeed). An item decided
            // before this node had applied every change it now has is matched again: a hash added between its verdict
            // and now would otherwise never meet it.
            var arrived = new Dictionary<ContentPartition, List<IndexedContent>>();
            await foreach (var item in _contentFeed.ReadAsync(cancellationToken))
            {
                if (contentIndex.Get(contentIndex.PartitionOf(item.RowId)) is not { } partition)
                {
                    continue;
                }

                if (partition.Current)
                {
                    if (!arrived.TryGetValue(partition, out var batch))
                    {
                        arrived[partition] = batch = [];
                    }

                    batch.Add(item);
                    if (item.BankSequence < sequence)
                    {
                        events.AddRange(Rematch(feed.Matcher, item));
                    }
                }
                else
                {
                    partition.Arrived.Add(item);
                }
            }

            // Each partition's new items as one batch: one change of its index, seen whole by searches.
            foreach (var (partition, batch) in arrived)
            {
                partition.Index!.AddRange(batch);
            }

            var finished = new HashSet<int>();
            foreach (var partition in held.Where(p => !p.Current && p.Load is { IsCompleted: true }))
            {
                if (await FinishLoadAsync(partition, feed, banks, events, cancellationToken))
                {
                    finished.Add(partition.Number);
                }
            }

            var current = held.Where(p => p.Current && !p.Dropped && !finished.Contains(p.Number)).ToList();
            if (added.Count > 0 && current.Count > 0)
            {
                await FindAsync(added, current, banks, events, cancellationToken);
            }

            if (events.Count > 0)
            {
                var recorded = await contents.AddMatchEventsAsync(events.DistinctBy(e => (e.ContentRowId, e.EntryId)), cancellationToken);
                metrics.Retroactive(recorded);
                LogRetroactive(recorded);
            }

            foreach (var partition in held.Where(p => p.Current))
            {
                partition.MatchedSequence = Math.Max(partition.MatchedSequence, sequence);
                partition.MatchedPosition = Math.Max(partition.MatchedPosition, _contentFeed.Watermark);
            }

            await CheckpointAsync(held, finished.Count > 0 || events.Count > 0, cancellationToken);
            FlushDue(held);
        }
        finally
        {
            _step.Release();
        }
    }

    /// <summary>
    /// Loads a partition: maps its snapshot if this node has a good one, then reads from the store what the snapshot does
    /// not hold (rows after it, up to <paramref name="upTo"/>, and the videos) and the rows past the partition's matched
    /// position, which are matched again. Without a snapshot every row of the partition is read.
    /// </summary>
    private Task<(PartitionIndex Index, List<IndexedContent> Unmatched)> LoadAsync(ContentPartition partition, long upTo, CancellationToken cancellationToken)
    {
        var count = contentIndex.PartitionCount;
        var matched = partition.MatchedPosition;
        return Task.Run(
            async () =>
            {
                var index = PartitionIndex.Open(SnapshotDirectory(partition.Number), e => LogSnapshotDamaged(e, partition.Number));
                try
                {
                    var from = Math.Min(index.SnapshotPosition, matched);
                    LogLoading(partition.Number, index.Items, from);
                    var unmatched = new List<IndexedContent>();
                    var batch = new List<IndexedContent>(BuildBatch);
                    await foreach (var item in contents.ReadPartitionAsync(count, partition.Number, from, upTo, cancellationToken: cancellationToken))
                    {
                        batch.Add(item);
                        if (item.RowId > matched)
                        {
                            unmatched.Add(item);
                        }

                        if (batch.Count == BuildBatch)
                        {
                            index.AddRange(batch);
                            batch.Clear();
                        }
                    }

                    index.AddRange(batch);
                    if (from > 0)
                    {
                        await foreach (var video in contents.ReadPartitionAsync(count, partition.Number, 0, from, videosOnly: true, cancellationToken))
                        {
                            index.AddVideo(video);
                        }
                    }

                    return (index, unmatched);
                }
                catch
                {
                    index.Dispose();
                    throw;
                }
            },
            cancellationToken);
    }

    /// <summary>Where this node keeps a partition's snapshot, or null when snapshots are off.</summary>
    private string? SnapshotDirectory(int partition)
    {
        if (options.ContentIndex.SnapshotMinutes == 0)
        {
            return null;
        }

        var root = options.ContentIndex.Directory ?? Path.Combine(options.Data, "content-index");
        var nodeFolder = string.Concat(node.NodeId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
        return Path.Combine(root, contentIndex.Cluster, nodeFolder, $"p{partition:D4}");
    }

    /// <summary>Writes each current partition's snapshot every <see cref="ContentIndexOptions.SnapshotMinutes"/>.</summary>
    private void FlushDue(IReadOnlyList<ContentPartition> held)
    {
        var now = time.GetUtcNow();
        foreach (var partition in held.Where(p => p.Current && !p.Dropped && options.ContentIndex.SnapshotMinutes > 0))
        {
            if (partition.FlushedAt == default)
            {
                partition.FlushedAt = now;
            }
            else if (now - partition.FlushedAt >= TimeSpan.FromMinutes(options.ContentIndex.SnapshotMinutes))
            {
                partition.Index!.Flush(partition.MatchedPosition);
                partition.FlushedAt = now;
            }
        }
    }

    /// <summary>
    /// Completes a load: adds what the feed brought meanwhile, matches again the items past the matched position, and
    /// looks for the entries banked since the partition's matched sequence; then the partition is current.
    /// </summary>
    private async Task<bool> FinishLoadAsync(ContentPartition partition, BankMatcherFeed feed, BankSettings banks, List<NewMatchEvent> events, CancellationToken cancellationToken)
    {
        (PartitionIndex Index, List<IndexedContent> Unmatched) load;
        try
        {
            load = await partition.Load!;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPartitionLoadFailed(e, partition.Number);
            partition.Load = null; // tried again next step
            return false;
        }

        var sequence = feed.LastSequence;
        load.Index.AddRange(partition.Arrived);

        foreach (var item in load.Unmatched.Concat(partition.Arrived).Where(i => i.BankSequence < sequence))
        {
            events.AddRange(Rematch(feed.Matcher, item));
        }

        partition.Arrived.Clear();
        var missed = new List<BankEntry>();
        await foreach (var change in store.ReadChangesAsync(partition.MatchedSequence, cancellationToken))
        {
            if (change.Sequence > sequence)
            {
                break;
            }

            if (!change.BankGone && change.Kind is BankChangeKind.EntryAdded or BankChangeKind.EntryEnabled && change.Entry is { Enabled: true } entry)
            {
                missed.Add(entry);
            }
        }

        partition.BecomeCurrent(load.Index);
        if (missed.Count > 0)
        {
            await FindAsync(missed, [partition], banks, events, cancellationToken);
        }

        partition.MatchedSequence = sequence;
        LogPartitionCurrent(partition.Number, load.Index.Items, missed.Count);
        return true;
    }

    /// <summary>Recorded items in <paramref name="partitions"/> that newly matchable entries match (retroactive matching).</summary>
    private async Task FindAsync(
        IReadOnlyList<BankEntry> entries, IReadOnlyList<ContentPartition> partitions, BankSettings banks, List<NewMatchEvent> events, CancellationToken cancellationToken)
    {
        var digests = new Dictionary<string, List<(BankEntry Entry, Bank Bank)>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (await banks.GetAsync(entry.Bank, cancellationToken) is not { Enabled: true, Kind: BankKind.Ordinary } bank)
            {
                continue;
            }

            switch (entry.Type)
            {
                case SignalType.Pdq when PdqHash.TryParse(entry.Value, out var hash):
                    foreach (var partition in partitions)
                    {
                        var found = new Dictionary<long, int>();
                        partition.Index!.SearchPdq(hash, bank.PdqThreshold, found);
                        events.AddRange(found.Select(hit => new NewMatchEvent(hit.Key, bank.Name, entry.Id, entry.Type, hit.Value, bank.Action)));
                    }

                    break;
                case SignalType.Vpdq:
                    var video = VpdqSignal.Parse(entry.Value);
                    foreach (var partition in partitions)
                    {
                        events.AddRange(partition.Index!.SearchBankVideo(video, bank).Select(row => new NewMatchEvent(row, bank.Name, entry.Id, entry.Type, 0, bank.Action)));
                    }

                    break;
                case SignalType.Md5 or SignalType.Sha256:
                    var key = entry.Value.ToLowerInvariant();
                    if (!digests.TryGetValue(key, out var list))
                    {
                        digests[key] = list = [];
                    }

                    list.Add((entry, bank));
                    break;
            }
        }

        if (digests.Count == 0)
        {
            return;
        }

        // Exact digests are found by the database's indexes, in the partitions given.
        var md5 = digests.Where(d => d.Value.Any(e => e.Entry.Type == SignalType.Md5)).Select(d => d.Key).ToList();
        var sha = digests.Where(d => d.Value.Any(e => e.Entry.Type == SignalType.Sha256)).Select(d => d.Key).ToList();
        var only = new ContentPartitions(contentIndex.PartitionCount, partitions.Select(p => p.Number).ToHashSet());
        foreach (var (row, rowMd5, rowSha) in await contents.FindByDigestsAsync(md5, sha, only, cancellationToken))
        {
            foreach (var (entry, bank) in Hits(rowMd5, SignalType.Md5).Concat(Hits(rowSha, SignalType.Sha256)))
            {
                events.Add(new NewMatchEvent(row, bank.Name, entry.Id, entry.Type, 0, bank.Action));
            }
        }

        IEnumerable<(BankEntry Entry, Bank Bank)> Hits(string? value, SignalType type) =>
            value is not null && digests.TryGetValue(value, out var hits) ? hits.Where(h => h.Entry.Type == type) : [];
    }

    /// <summary>Writes each current partition's matched position, fenced on its lease; a partition whose lease was lost is dropped.</summary>
    private async Task CheckpointAsync(IReadOnlyList<ContentPartition> held, bool now, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        if (!now && at - _lastCheckpoint < CheckpointEvery)
        {
            return;
        }

        _lastCheckpoint = at;
        foreach (var partition in held.Where(p => p.Current && !p.Dropped))
        {
            if (!await cluster.CheckpointAsync(partition.Number, partition.Epoch, node.NodeId, partition.MatchedSequence, partition.MatchedPosition, cancellationToken))
            {
                contentIndex.Drop(partition.Number);
                LogFenced(partition.Number);
            }
        }
    }

    private static IEnumerable<NewMatchEvent> Rematch(BankMatcher matcher, IndexedContent item)
    {
        var md5 = item.Md5 is { } m && Md5Hash.TryParse(m, out var md5Hash) ? md5Hash : (Md5Hash?)null;
        var sha = item.Sha256 is { } s && Sha256Hash.TryParse(s, out var shaHash) ? shaHash : (Sha256Hash?)null;
        var result = item.Vpdq is { } vpdq
            ? matcher.MatchVideo(VpdqSignal.Parse(vpdq), md5, sha)
            : matcher.Match(item.Pdq is { } p && PdqHash.TryParse(p, out var pdq) ? pdq : null, md5, sha);
        return result.Effective
            .Where(match => GatePolicy.Decide(new MatchResult([match], [])) > item.Verdict)
            .Select(match => new NewMatchEvent(item.RowId, match.Bank, match.EntryId, match.Type, match.Distance, match.Action));
    }

    /// <summary>Bank settings read once a step, not once an entry (an import adds many entries to one bank).</summary>
    private sealed class BankSettings(BankStore store)
    {
        private readonly Dictionary<string, Bank?> _banks = new(StringComparer.Ordinal);

        public async Task<Bank?> GetAsync(string name, CancellationToken cancellationToken)
        {
            if (!_banks.TryGetValue(name, out var bank))
            {
                _banks[name] = bank = await store.GetBankAsync(name, cancellationToken);
            }

            return bank;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Banks loaded: {Entries} entries; verdicts from now on (the content index loads next)")]
    private partial void LogLoaded(long entries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the banks failed; retrying")]
    private partial void LogLoadFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the change feed failed; retrying")]
    private partial void LogStepFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retroactive matching recorded {Count} match events")]
    private partial void LogRetroactive(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading content index partition {Partition}: {Items} items from its snapshot, rows after {From} from the store")]
    private partial void LogLoading(int partition, long items, long from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot of content index partition {Partition} is damaged; rebuilding it from the store")]
    private partial void LogSnapshotDamaged(Exception e, int partition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Content index partition {Partition} is current: {Items} items, {Missed} bank entries matched that were added while it was not held")]
    private partial void LogPartitionCurrent(int partition, long items, int missed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading content index partition {Partition} failed; retrying")]
    private partial void LogPartitionLoadFailed(Exception e, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content index partition {Partition}: its lease was lost; dropped")]
    private partial void LogFenced(int partition);
}
