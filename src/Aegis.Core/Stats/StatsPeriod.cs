using System.Globalization;

namespace Aegis.Core.Stats;

/// <summary>
/// A period of statistics cut into whole buckets of an hour or a day (UTC): <see cref="From"/> is the asked start
/// rounded down to a bucket's start, <see cref="To"/> the asked end rounded up to a bucket's end (exclusive), so a chart's
/// bars each cover a whole hour or day. At most <see cref="MaxBuckets"/> buckets: each costs rows in the answer and
/// bars in a chart.
/// </summary>
public sealed record StatsPeriod
{
    /// <summary>The most buckets in one period: 400 days, or 400 hours (16 days and 16 hours).</summary>
    public const int MaxBuckets = 400;

    /// <summary>The earliest time a period may start (times are stored as Unix milliseconds).</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>The latest time a period may end: far enough for any real question, and far from the calendar's end.</summary>
    public static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private StatsPeriod(DateTimeOffset from, DateTimeOffset to, StatsBucket bucket) => (From, To, Bucket) = (from, to, bucket);

    /// <summary>The first bucket's start.</summary>
    public DateTimeOffset From { get; }

    /// <summary>The last bucket's end (exclusive).</summary>
    public DateTimeOffset To { get; }

    public StatsBucket Bucket { get; }

    /// <summary>How long one bucket is.</summary>
    public TimeSpan Width => WidthOf(Bucket);

    /// <summary>How many buckets.</summary>
    public int Count => (int)((To - From).Ticks / Width.Ticks);

    /// <summary>The start of bucket <paramref name="index"/> (0 is the first).</summary>
    public DateTimeOffset Start(int index) => From + (Width * index);

    /// <summary>The period asked when none is given: the last 30 days by day, the last 48 hours by hour.</summary>
    public static TimeSpan DefaultSpan(StatsBucket bucket) => bucket == StatsBucket.Hour ? TimeSpan.FromHours(48) : TimeSpan.FromDays(30);

    /// <summary>Why <paramref name="from"/> to <paramref name="to"/> by <paramref name="bucket"/> is no period (naming the field), or null.</summary>
    public static string? Validate(DateTimeOffset from, DateTimeOffset to, StatsBucket bucket)
    {
        if (!Enum.IsDefined(bucket))
        {
            return "bucket is hour or day.";
        }

        if ((OutOfRange("from", from) ?? OutOfRange("to", to)) is { } outOfRange)
        {
            return outOfRange;
        }

        if (from >= to)
        {
            return $"from ({Format(from)}) must be before to ({Format(to)}).";
        }

        var count = (Ceiling(to, bucket) - Floor(from, bucket)).Ticks / WidthOf(bucket).Ticks;
        return count <= MaxBuckets ? null
            : $"from {Format(from)} to {Format(to)} is {count.ToString("N0", CultureInfo.InvariantCulture)} buckets of one {(bucket == StatsBucket.Hour ? "hour" : "day")}; "
              + $"at most {MaxBuckets} fit in one answer: ask for a shorter period{(bucket == StatsBucket.Hour ? ", or bucket=day" : "")}.";
    }

    /// <summary>The period: <paramref name="from"/> rounded down and <paramref name="to"/> rounded up to whole buckets.</summary>
    /// <exception cref="ArgumentException">It is not a period (<see cref="Validate"/> says why).</exception>
    public static StatsPeriod Create(DateTimeOffset from, DateTimeOffset to, StatsBucket bucket) =>
        Validate(from, to, bucket) is { } invalid
            ? throw new ArgumentException(invalid, nameof(from))
            : new StatsPeriod(Floor(from, bucket), Ceiling(to, bucket), bucket);

    private static TimeSpan WidthOf(StatsBucket bucket) => bucket == StatsBucket.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    /// <summary>The start of the bucket holding <paramref name="time"/> (buckets count from the Unix epoch, a midnight UTC).</summary>
    private static DateTimeOffset Floor(DateTimeOffset time, StatsBucket bucket)
    {
        var since = time.UtcTicks - Earliest.UtcTicks;
        return Earliest.AddTicks(since - (since % WidthOf(bucket).Ticks));
    }

    private static DateTimeOffset Ceiling(DateTimeOffset time, StatsBucket bucket)
    {
        var floor = Floor(time, bucket);
        return floor == time ? floor : floor + WidthOf(bucket);
    }

    private static string? OutOfRange(string field, DateTimeOffset time) => time < Earliest || time > Latest
        ? $"{field} must lie between {Format(Earliest)} and {Format(Latest)}; got {Format(time)}."
        : null;

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
