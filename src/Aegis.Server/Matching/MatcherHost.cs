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
/// Keeps this node's indexes current: loads every bank into a <see cref="BankMatcher"/> and every recorded item into the
/// <see cref="ContentIndex"/> at start, then, every <see cref="ServerOptions.FeedPollMilliseconds"/> (or at once when
/// woken by a write on this node), applies the bank change feed and the content recorded since, and records
/// retroactive matches: content recorded earlier that a newly added entry matches.
/// </summary>
internal sealed partial class MatcherHost(
    BankStore store,
    ContentStore contents,
    ContentIndex contentIndex,
    ServerOptions options,
    TimeProvider time,
    AegisMetrics metrics,
    ILogger<MatcherHost> logger) : BackgroundService
{
    private readonly SemaphoreSlim _step = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly ContentFeed _contentFeed = new(contents, time);
    private volatile BankMatcherFeed? _feed;
    private volatile bool _contentLoaded;
    private long _steps;
    private long _banksReadAt;

    /// <summary>The matcher, once loaded.</summary>
    public BankMatcher? Matcher => _feed?.Matcher;

    /// <summary>The last bank change applied.</summary>
    public long Sequence => _feed?.LastSequence ?? 0;

    /// <summary>Steps run since start: each reads the content feed once, and the bank change feed unless uploads woke it before a poll was due.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>True once banks and content are loaded.</summary>
    public bool Ready => _feed is not null && _contentLoaded;

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
                var feed = await BankMatcherFeed.LoadAsync(store, null, stoppingToken);
                await foreach (var item in _contentFeed.ReadAsync(stoppingToken))
                {
                    contentIndex.Add(item);
                }

                _feed = feed;
                _contentLoaded = true;
                LogLoaded(feed.LoadedEntries, contentIndex.Items);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLoadFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = await _wake.WaitAsync(TimeSpan.FromMilliseconds(options.FeedPollMilliseconds), stoppingToken);
            if (woken && options.FeedBatchMilliseconds > 0)
            {
                // An upload on this node woke us: the uploads of the next few milliseconds join it, so that one read of the
                // content feed indexes them all. Nothing waits on this: a bank write's own step (CatchUpNowAsync) reads the
                // content committed before it, so a hash banked later still finds every item.
                await Task.Delay(TimeSpan.FromMilliseconds(options.FeedBatchMilliseconds), stoppingToken);
            }

            // The step below serves every wake given so far (their items were committed before they woke us).
            while (_wake.Wait(0))
            {
            }

            // A step that uploads woke is for their content: it reads the bank change feed only when a poll is due, so
            // other nodes' bank changes still arrive within FeedPollMilliseconds however steady the uploads (a bank write
            // on this node applies its change itself, CatchUpNowAsync). Content indexed before a change is applied is
            // still found: the step that applies it looks each new entry up in the whole index.
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

            // Content recorded since the last step (and late commits of earlier ids: see ContentFeed). An item decided
            // before this node had applied every change it now has is matched again: a hash added between its verdict
            // and now would otherwise never meet it.
            var events = new List<NewMatchEvent>();
            await foreach (var item in _contentFeed.ReadAsync(cancellationToken))
            {
                contentIndex.Add(item);
                if (item.BankSequence < feed.LastSequence)
                {
                    events.AddRange(Rematch(feed.Matcher, item));
                }
            }

            // An import adds many entries to one bank: its settings are read once a step, not once an entry.
            var banks = new Dictionary<string, Bank?>(StringComparer.Ordinal);
            foreach (var entry in added)
            {
                if (!banks.TryGetValue(entry.Bank, out var found))
                {
                    banks[entry.Bank] = found = await store.GetBankAsync(entry.Bank, cancellationToken);
                }

                if (found is { Enabled: true, Kind: BankKind.Ordinary } bank)
                {
                    events.AddRange(contentIndex.Find(entry, bank).Select(hit =>
                        new NewMatchEvent(hit.RowId, bank.Name, entry.Id, entry.Type, hit.Distance, bank.Action)));
                }
            }

            if (events.Count > 0)
            {
                var recorded = await contents.AddMatchEventsAsync(events, cancellationToken);
                metrics.Retroactive(recorded);
                LogRetroactive(recorded);
            }
        }
        finally
        {
            _step.Release();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Matcher loaded: {Entries} bank entries, {Items} content items")]
    private partial void LogLoaded(long entries, long items);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the banks failed; retrying")]
    private partial void LogLoadFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the change feed failed; retrying")]
    private partial void LogStepFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retroactive matching recorded {Count} match events")]
    private partial void LogRetroactive(int count);
}
