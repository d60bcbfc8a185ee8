using System.Collections.Concurrent;
using Aegis.Core.Input;
using Aegis.Matching.Formats;
using Aegis.Server.Cases;
using Aegis.Server.Matching;
using Aegis.Storage;

namespace Aegis.Server.Api;

/// <summary>
/// The bank imports running on this node and the last ones finished, for polling; and the running of one (the API's
/// streamed body and the console's uploaded file both go through <see cref="RunAsync"/>).
/// </summary>
internal sealed class ImportJobs(TimeProvider time, BankStore store, MatcherHost host, AuditSealer? sealer = null)
{
    /// <summary>Bad lines kept on a job, each with its line number; the rest are counted.</summary>
    public const int KeptErrors = 100;

    private const int Kept = 100;

    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new(StringComparer.Ordinal);

    public ImportJob Start(string bank, string format)
    {
        var job = new ImportJob(Guid.NewGuid().ToString("N"), bank, format, time.GetUtcNow());
        _jobs[job.Id] = job;
        foreach (var old in _jobs.Values.Where(j => j.FinishedAt is not null).OrderByDescending(j => j.StartedAt).Skip(Kept))
        {
            _jobs.TryRemove(old.Id, out _);
        }

        return job;
    }

    public ImportJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>
    /// Imports what <paramref name="reader"/> reads into the job's bank: bad lines (and records whose ids or labels cannot
    /// be stored) counted and the first <see cref="KeptErrors"/> kept with their line numbers, the rest in batches
    /// (<see cref="BankStore.ImportAsync"/>), the job's counts kept current for pollers. When done the import is audited
    /// (<c>bank.imported</c>) and this node's matcher catches up; on failure the job says why and the exception is thrown.
    /// </summary>
    /// <param name="job">The job, from <see cref="Start"/>.</param>
    /// <param name="reader">The list; read on a worker thread (it may read synchronously).</param>
    /// <param name="list">The list name recorded for records that carry none.</param>
    /// <param name="actor">Who imports: entries' <c>added_by</c> when the list does not say, and the audit's actor.</param>
    /// <param name="cancellationToken">Cancels between batches (the batches committed stay).</param>
    public async Task<ImportJob> RunAsync(ImportJob job, HashListReader reader, string? list, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(reader);
        IEnumerable<HashListRecord> Records()
        {
            // A record whose ids or labels cannot be stored (too long, control characters) is a bad line like any other.
            foreach (var item in reader.ReadAll().Select(EntryFields.Check))
            {
                job.Read++;
                if (item.Error is { } bad)
                {
                    job.BadLines++;
                    if (job.Errors.Count < KeptErrors)
                    {
                        job.Errors.Enqueue(bad.ToString());
                    }

                    continue;
                }

                yield return list is not null && item.Record!.List is null ? item.Record with { List = list } : item.Record!;
            }
        }

        try
        {
            var progress = new Progress<ImportProgress>(p => (job.Added, job.Merged) = (p.Added, p.Merged));
            var result = await Task.Run(() => store.ImportAsync(job.Bank, Records(), actor, progress, cancellationToken), cancellationToken);
            await store.RecordImportAsync(job.Bank, job.Format, result, job.BadLines, actor, CancellationToken.None);
            sealer?.Wake();
            (job.Added, job.Merged, job.State, job.FinishedAt) = (result.Added, result.Merged, "done", time.GetUtcNow());
            await host.CatchUpNowAsync(cancellationToken);
            return job;
        }
        catch (Exception e)
        {
            (job.State, job.Detail, job.FinishedAt) = ("failed", e is BankStoreException or OperationCanceledException ? e.Message : "The import stopped: " + e.Message, time.GetUtcNow());
            throw;
        }
    }

    public IReadOnlyList<ImportJob> All() => [.. _jobs.Values.OrderByDescending(j => j.StartedAt)];
}

/// <summary>One import: its progress while it runs, its outcome when done. Updated by the import, read by pollers.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Bank">The bank it fills.</param>
/// <param name="Format">The list format.</param>
/// <param name="StartedAt">When it began.</param>
public sealed record ImportJob(string Id, string Bank, string Format, DateTimeOffset StartedAt)
{
    private long _read;
    private long _added;
    private long _merged;
    private long _badLines;

    /// <summary>running, done or failed.</summary>
    public string State { get; set; } = "running";

    public long Read { get => Interlocked.Read(ref _read); set => Interlocked.Exchange(ref _read, value); }

    public long Added { get => Interlocked.Read(ref _added); set => Interlocked.Exchange(ref _added, value); }

    public long Merged { get => Interlocked.Read(ref _merged); set => Interlocked.Exchange(ref _merged, value); }

    public long BadLines { get => Interlocked.Read(ref _badLines); set => Interlocked.Exchange(ref _badLines, value); }

    /// <summary>The first bad lines (up to 100), each with its line number and why.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why it failed, when it did.</summary>
    public string? Detail { get; set; }
}
