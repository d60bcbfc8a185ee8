using System.Data;
using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Core.Stats;
using Aegis.Storage.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>
    /// The console's statistics over a period, by hour or day: time to restrict and to remove (median and 90th
    /// percentile), cases opened and the open queue by level, exposure after the first report, SLA breaches. Three
    /// queries, each computed in SQL on both databases (the percentiles too, by window functions, so at most two rows
    /// per bucket come back), read in one snapshot. Each is a pass over the cases table (no index serves a range of
    /// these times), as <see cref="StatsAsync"/> is.
    /// </summary>
    /// <param name="from">The period's start, rounded down to a whole bucket (UTC).</param>
    /// <param name="to">The period's end, rounded up to a whole bucket.</param>
    /// <param name="bucket">Hours or days.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">Not a period, or more than <see cref="StatsPeriod.MaxBuckets"/> buckets
    /// (<see cref="StatsPeriod.Validate"/>; the message names the field).</exception>
    public async Task<ConsoleStats> ConsoleStatsAsync(DateTimeOffset from, DateTimeOffset to, StatsBucket bucket, CancellationToken cancellationToken = default)
    {
        if (StatsPeriod.Validate(from, to, bucket) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        var period = StatsPeriod.Create(from, to, bucket);
        var now = store.Time.GetUtcNow();
        object[] range = [CaseRow.Millis(period.From), CaseRow.Millis(period.To), (long)period.Width.TotalMilliseconds];
        await using var db = store.CreateContext();
        await using var snapshot = await BeginSnapshotAsync(db, cancellationToken);
        var durations = await db.Database.SqlQueryRaw<DurationRow>(DurationsSql, range).ToListAsync(cancellationToken);
        var counts = await db.Database.SqlQueryRaw<CountRow>(CountsSql, [.. range, CaseRow.Millis(now)]).ToListAsync(cancellationToken);
        var exposure = await db.Database.SqlQueryRaw<ExposureRow>(ExposureSql, range).ToListAsync(cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        return Assemble(period, now, durations, counts, exposure);
    }

    /// <summary>
    /// A read-only transaction, so the three queries see one state: repeatable read on PostgreSQL (one snapshot), a
    /// deferred transaction on SQLite (a snapshot from its first read, in WAL mode, taking no write lock).
    /// </summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginSnapshotAsync(AegisDbContext db, CancellationToken cancellationToken)
    {
        if (db is SqliteAegisDbContext)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var sqlite = (SqliteConnection)db.Database.GetDbConnection();
            return (await db.Database.UseTransactionAsync(sqlite.BeginTransaction(deferred: true), cancellationToken))!;
        }

        return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
    }

    private static ConsoleStats Assemble(StatsPeriod period, DateTimeOffset now, List<DurationRow> durations, List<CountRow> counts, List<ExposureRow> exposure)
    {
        var levels = Enum.GetValues<PriorityLevel>().Reverse().ToArray(); // most urgent first
        var percentiles = durations.GroupBy(d => (d.Kind, d.Bucket)).ToDictionary(g => g.Key, g =>
        {
            // The ranks of StatsAsync: the median is the lower middle value, the 90th percentile the ceil(0.9 n)-th.
            var n = g.First().Count;
            return new Percentile((int)n, g.First(d => d.Rank == (n + 1) / 2).Millis / 1000.0, g.First(d => d.Rank == ((9 * n) + 9) / 10).Millis / 1000.0);
        });
        var counted = counts.ToDictionary(c => (c.Kind, c.Bucket, (PriorityLevel)c.Level), c => (int)c.Cases);
        var gains = exposure.ToDictionary(e => e.Bucket, e => new ExposureGain(
            (int)e.Cases, Saturate(e.ViewsSum), Saturate(e.ViewsMax), Saturate(e.SharesSum), Saturate(e.SharesMax)));

        IReadOnlyList<LevelCount> Counts(long kind, long bucket) => [.. levels.Select(l => new LevelCount(l, counted.GetValueOrDefault((kind, bucket, l))))];

        // The open queue at each bucket's end: those open at the start, plus each bucket's openings, less its closings.
        var open = levels.ToDictionary(l => l, l => counted.GetValueOrDefault((CountKind.OpenBefore, -1L, l)));
        var buckets = new List<ConsoleStatsBucket>(period.Count);
        for (var i = 0; i < period.Count; i++)
        {
            var start = period.Start(i);
            foreach (var level in levels)
            {
                open[level] += counted.GetValueOrDefault((CountKind.Opened, i, level)) - counted.GetValueOrDefault((CountKind.Closed, i, level));
            }

            buckets.Add(new ConsoleStatsBucket(
                start,
                start + period.Width,
                percentiles.GetValueOrDefault((DurationKind.Restrict, i)),
                percentiles.GetValueOrDefault((DurationKind.Remove, i)),
                Counts(CountKind.Opened, i),
                start <= now ? [.. levels.Select(l => new LevelCount(l, open[l]))] : null,
                gains.GetValueOrDefault(i) ?? ExposureGain.None,
                Counts(CountKind.Breached, i)));
        }

        return new ConsoleStats(period.From, period.To, period.Bucket, now, buckets);
    }

    // The queries' parameters: {0} the period's start and {1} its end (Unix milliseconds), {2} a bucket's length in
    // milliseconds, {3} now. A time's bucket is (time - start) / length, an integer division on both databases.

    /// <summary>
    /// Time to restrict (kind 0) and to remove (kind 1) of the cases a report opened, by the bucket of the restriction or
    /// removal: only the rows at the median's and the 90th percentile's rank of each bucket.
    /// </summary>
    private const string DurationsSql = $$"""
        SELECT r.kind AS "Kind", r.bucket AS "Bucket", r.n AS "Count", r.rn AS "Rank", r.d AS "Millis"
        FROM (SELECT t.kind, t.bucket, t.d,
                     ROW_NUMBER() OVER (PARTITION BY t.kind, t.bucket ORDER BY t.d) AS rn,
                     COUNT(*) OVER (PARTITION BY t.kind, t.bucket) AS n
              FROM (SELECT CAST(0 AS BIGINT) AS kind, (restricted_at - {0}) / {2} AS bucket, restricted_at - opened_at AS d
                    FROM cases WHERE origin = '{{nameof(CaseOrigin.Report)}}' AND restricted_at >= {0} AND restricted_at < {1}
                    UNION ALL
                    SELECT CAST(1 AS BIGINT), (removed_at - {0}) / {2}, removed_at - opened_at
                    FROM cases WHERE origin = '{{nameof(CaseOrigin.Report)}}' AND removed_at >= {0} AND removed_at < {1}) t) r
        WHERE r.rn = (r.n + 1) / 2 OR r.rn = (9 * r.n + 9) / 10
        """;

    /// <summary>
    /// Cases by bucket and level: opened (kind 0), closed (1, for the open queue), whose SLA ran out while open (2: due
    /// by now, and not closed by then), and open at the period's start (3, bucket -1).
    /// </summary>
    private const string CountsSql = """
        SELECT CAST(0 AS BIGINT) AS "Kind", (opened_at - {0}) / {2} AS "Bucket", level AS "Level", COUNT(*) AS "Cases"
        FROM cases WHERE opened_at >= {0} AND opened_at < {1} GROUP BY 2, 3
        UNION ALL
        SELECT CAST(1 AS BIGINT), (closed_at - {0}) / {2}, level, COUNT(*)
        FROM cases WHERE closed_at >= {0} AND closed_at < {1} GROUP BY 2, 3
        UNION ALL
        SELECT CAST(2 AS BIGINT), (due_at - {0}) / {2}, level, COUNT(*)
        FROM cases WHERE due_at >= {0} AND due_at < {1} AND due_at <= {3} AND (closed_at IS NULL OR closed_at > due_at) GROUP BY 2, 3
        UNION ALL
        SELECT CAST(3 AS BIGINT), CAST(-1 AS BIGINT), level, COUNT(*)
        FROM cases WHERE opened_at < {0} AND (closed_at IS NULL OR closed_at >= {0}) GROUP BY 3
        """;

    /// <summary>
    /// Views and shares gained from the first report to restriction (or removal, when never restricted), for the cases a
    /// report opened, by the bucket of that step: summed and maxed as double precision, as <see cref="StatsSql"/> does,
    /// so no stored value can overflow; <see cref="Saturate"/> brings them back to 64 bits.
    /// </summary>
    private const string ExposureSql = $$"""
        SELECT e.bucket AS "Bucket", COUNT(*) AS "Cases",
               SUM(e.views) AS "ViewsSum", MAX(e.views) AS "ViewsMax", SUM(e.shares) AS "SharesSum", MAX(e.shares) AS "SharesMax"
        FROM (SELECT (x.acted_at - {0}) / {2} AS bucket,
                     CASE WHEN x.views_then > x.views_before THEN CAST(x.views_then AS DOUBLE PRECISION) - CAST(x.views_before AS DOUBLE PRECISION) ELSE 0.0 END AS views,
                     CASE WHEN x.shares_then > x.shares_before THEN CAST(x.shares_then AS DOUBLE PRECISION) - CAST(x.shares_before AS DOUBLE PRECISION) ELSE 0.0 END AS shares
              FROM (SELECT COALESCE(restricted_at, removed_at) AS acted_at,
                           CASE WHEN restricted_at IS NOT NULL THEN views_at_restriction ELSE views_at_removal END AS views_then,
                           CASE WHEN restricted_at IS NOT NULL THEN shares_at_restriction ELSE shares_at_removal END AS shares_then,
                           views_at_first_report AS views_before, shares_at_first_report AS shares_before
                    FROM cases WHERE origin = '{{nameof(CaseOrigin.Report)}}') x
              WHERE x.acted_at >= {0} AND x.acted_at < {1}) e
        GROUP BY e.bucket
        """;

    private static class DurationKind
    {
        public const long Restrict = 0;
        public const long Remove = 1;
    }

    private static class CountKind
    {
        public const long Opened = 0;
        public const long Closed = 1;
        public const long Breached = 2;
        public const long OpenBefore = 3;
    }

    /// <summary>A row of <see cref="DurationsSql"/>: the <see cref="Rank"/>-th smallest of <see cref="Count"/> durations.</summary>
    private sealed record DurationRow(long Kind, long Bucket, long Count, long Rank, long Millis);

    /// <summary>A row of <see cref="CountsSql"/>.</summary>
    private sealed record CountRow(long Kind, long Bucket, int Level, long Cases);

    /// <summary>A row of <see cref="ExposureSql"/>.</summary>
    private sealed record ExposureRow(long Bucket, long Cases, double ViewsSum, double ViewsMax, double SharesSum, double SharesMax);
}
