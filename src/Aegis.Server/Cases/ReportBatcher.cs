using System.Threading.Channels;
using Aegis.Core.Reports;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.Extensions.Hosting;

namespace Aegis.Server.Cases;

/// <summary>
/// Writes the reports that arrive on this node together in one transaction (<see cref="CaseStore.ReportManyAsync"/>):
/// each waits for the batch it joined to commit, so its answer still comes after its restriction is stored, and the
/// round trips of one transaction are shared by up to <see cref="MaxBatch"/> reports. A batch that fails is written
/// again one report at a time, so one bad report fails alone. The database's locks, not this queue, keep nodes apart.
/// </summary>
internal sealed class ReportBatcher(CaseStore cases, ContentStore contents, CopyFinder copyFinder, MatcherHost host) : BackgroundService
{
    /// <summary>Most reports in one transaction (a report names up to 100 items, so a batch locks at most 6,400 rows).</summary>
    public const int MaxBatch = 64;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a (validated) report and returns its results once its batch has committed.</summary>
    public Task<IReadOnlyList<ReportResult>> WriteAsync(ReportIntake intake, string actor, CancellationToken cancellationToken)
    {
        var pending = new Pending(new ReportWrite(intake, actor), new TaskCompletionSource<IReadOnlyList<ReportResult>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new OperationCanceledException("The server is stopping.");
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await WriteAsync(batch, stoppingToken);
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken stoppingToken)
    {
        try
        {
            // Each reported item's copies by hash, from the content index (first brought up to now: a node indexes its own
            // uploads in batches, and each other holder catches up before it answers): one lookup for the whole batch's items.
            // (A partition still loading or moving when the wait runs out leaves its copies out: the report is not held back.)
            await host.CatchUpNowAsync(stoppingToken);
            var found = await contents.FindManyAsync([.. batch.SelectMany(p => p.Report.Intake.ContentIds).Distinct(StringComparer.Ordinal)], stoppingToken);
            var items = found.Values.ToList();
            var copies = await copyFinder.FindAsync([.. items.Select(i => (i.RowId, i.Record))], stoppingToken);
            var byId = items.Select((item, i) => (item.Record.ContentId, Copies: copies.Copies[i]))
                .ToDictionary(x => x.ContentId, x => (IReadOnlyCollection<(long RowId, int Distance)>)[.. x.Copies.Select(c => (c.Row, c.Distance))], StringComparer.Ordinal);
            var writes = batch.Select(p => p.Report with
            {
                Copies = p.Report.Intake.ContentIds.Distinct(StringComparer.Ordinal).Where(byId.ContainsKey).ToDictionary(id => id, id => byId[id], StringComparer.Ordinal),
            }).ToList();
            var results = await cases.ReportManyAsync(writes, stoppingToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception) when (batch.Count > 1 && !stoppingToken.IsCancellationRequested)
        {
            foreach (var one in batch)
            {
                await WriteAsync([one], stoppingToken);
            }
        }
        catch (Exception e)
        {
            batch.ForEach(p => p.Done.TrySetException(e));
        }
    }

    private sealed record Pending(ReportWrite Report, TaskCompletionSource<IReadOnlyList<ReportResult>> Done);
}
