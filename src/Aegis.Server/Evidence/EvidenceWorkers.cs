using System.Globalization;
using Aegis.Core.Content;
using Aegis.Core.Events;
using Aegis.Server.Fetching;
using Aegis.Server.Hma;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Evidence;

/// <summary>
/// The vault's background work on every node: fetch the items awaiting their bytes from the platform (each claimed in
/// the database, so one node fetches it; retried with doubling waits; after <see cref="EvidenceOptions.FetchAttempts"/>
/// the item is missing and the platform told), delete what has passed its retention every
/// <see cref="EvidenceOptions.PurgeIntervalMinutes"/>, and re-wrap items left under an old key after a rotation.
/// </summary>
internal sealed partial class EvidenceWorkers(
    EvidenceStore store, EvidenceVault vault, UrlFetcher fetcher, ServerOptions options, TimeProvider time, ILogger<EvidenceWorkers> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two fetches of an item.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private static readonly TimeSpan RewrapPeriod = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>Look for due work now (an item was reported on this node).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextPurge = time.GetUtcNow();
        var nextRewrap = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FetchDueAsync(stoppingToken);
                if (time.GetUtcNow() >= nextPurge)
                {
                    nextPurge = time.GetUtcNow() + TimeSpan.FromMinutes(options.Evidence.PurgeIntervalMinutes);
                    if (await vault.PurgeAsync(DomainEvent.System, stoppingToken) is > 0 and var purged)
                    {
                        LogPurged(purged);
                    }
                }

                if (time.GetUtcNow() >= nextRewrap)
                {
                    nextRewrap = time.GetUtcNow() + RewrapPeriod;
                    var (rewrapped, unreadable) = await vault.RewrapAsync(stoppingToken);
                    if (rewrapped > 0 || unreadable > 0)
                    {
                        LogRewrapped(rewrapped, vault.Keys.CurrentKeyId, unreadable);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await _wake.WaitAsync(Period, stoppingToken);
        }
    }

    /// <summary>Every fetch due now that this node can claim, a slot's worth at a time.</summary>
    internal async Task FetchDueAsync(CancellationToken cancellationToken)
    {
        var due = await store.ReadDueFetchesAsync(options.Evidence.MaxConcurrentFetches * 4, cancellationToken);
        using var slots = new SemaphoreSlim(options.Evidence.MaxConcurrentFetches);
        var running = new List<Task>();
        foreach (var item in due)
        {
            // Held past the fetch's deadline: a node that dies mid-fetch leaves the item to another once this passes.
            var claim = time.GetUtcNow() + TimeSpan.FromSeconds(options.Evidence.FetchTimeoutSeconds + 60);
            if (!await store.TryClaimFetchAsync(item, claim, cancellationToken))
            {
                continue;
            }

            await slots.WaitAsync(cancellationToken);
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        await FetchAsync(item, cancellationToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                cancellationToken));
        }

        await Task.WhenAll(running);
    }

    private async Task FetchAsync(EvidenceFetch item, CancellationToken cancellationToken)
    {
        var template = item.Kind switch
        {
            MediaKind.Image => options.Evidence.FetchUrl.Image,
            MediaKind.Video => options.Evidence.FetchUrl.Video,
            _ => null,
        } ?? options.Evidence.FetchUrl.Default;
        if (template is null)
        {
            await MissingAsync(item, $"No Evidence:FetchUrl is set for {Kind(item.Kind)} items (nor Evidence:FetchUrl:Default): the platform must upload it.", cancellationToken);
            return;
        }

        var url = template.Replace("{content_id}", Uri.EscapeDataString(item.ContentId), StringComparison.Ordinal)
            .Replace("{case_id}", item.CaseId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        string error;
        try
        {
            using var fetched = await fetcher.FetchAsync(url, cancellationToken);
            await vault.PreserveFetchedAsync(item.Id, fetched.Bytes, fetched.MediaType, url, cancellationToken);
            LogFetched(item.Id, item.CaseId);
            return;
        }
        catch (HmaException e)
        {
            error = $"{e.Message} ({e.Status})";
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.Conflict)
        {
            error = e.Message; // preserved meanwhile with other bytes: nothing to fetch
            LogConflict(item.Id, e.Message);
            return;
        }

        var attempts = item.Attempts + 1;
        if (attempts >= options.Evidence.FetchAttempts)
        {
            await MissingAsync(item, $"Fetching {url} failed {attempts} times; last: {error}", cancellationToken);
            return;
        }

        var wait = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, options.Evidence.FetchRetrySeconds * Math.Pow(2, attempts - 1)));
        await store.FetchFailedAsync(item.Id, error, time.GetUtcNow() + wait, cancellationToken);
    }

    private async Task MissingAsync(EvidenceFetch item, string reason, CancellationToken cancellationToken)
    {
        if (await store.MarkMissingAsync(item.Id, reason, DomainEvent.System, cancellationToken))
        {
            LogMissing(item.Id, item.CaseId, reason);
            vault.WakeDelivery();
        }
    }

    private static string Kind(MediaKind kind) => kind switch { MediaKind.Image => "image", MediaKind.Video => "video", _ => "unknown-kind" };

    [LoggerMessage(Level = LogLevel.Information, Message = "Evidence {EvidenceId} of case {CaseId} fetched and preserved")]
    private partial void LogFetched(long evidenceId, long caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence {EvidenceId} of case {CaseId} is missing (the platform is told): {Reason}")]
    private partial void LogMissing(long evidenceId, long caseId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence {EvidenceId}: fetched bytes differ from those preserved meanwhile: {Reason}")]
    private partial void LogConflict(long evidenceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted {Count} evidence items past their retention")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-wrapped {Count} evidence items under key {KeyId}; {Unreadable} are under a key that is not configured")]
    private partial void LogRewrapped(int count, string keyId, int unreadable);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evidence work failed; retrying")]
    private partial void LogFailed(Exception e);
}
