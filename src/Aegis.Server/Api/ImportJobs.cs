using System.Collections.Concurrent;

namespace Aegis.Server.Api;

/// <summary>The bank imports running on this node and the last ones finished, for polling.</summary>
internal sealed class ImportJobs(TimeProvider time)
{
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
