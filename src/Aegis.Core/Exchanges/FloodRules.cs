namespace Aegis.Core.Exchanges;

/// <summary>
/// The exchanges' flood guard, as plain rules: when one exchange entry, or a whole exchange, matches so many uploads that
/// its list is more likely wrong than the uploads are all known material. A flooding entry (or exchange) is quarantined:
/// its matches hold the upload for review instead of blocking it, until a curator releases it. Nothing acts on thousands
/// of items because one list entry was bad.
/// </summary>
/// <remarks>
/// Counts are kept in buckets of <see cref="BucketsPerWindow"/>-ths of the window; "in the window" is the current bucket
/// and the ones before it that make up one window. An entry floods when its matches in the window exceed
/// <see cref="MinMatches"/> and <see cref="EntryShare"/> of the uploads gated in the window. An exchange floods when the
/// matches in the window of its new entries (added within <see cref="NewEntryAge"/>) exceed
/// <see cref="ExchangeMinMatches"/> and <see cref="ExchangeFactor"/> times its historical matches per window (all its
/// entries, over <see cref="History"/> before the window; no history is a rate of zero).
/// </remarks>
/// <param name="Window">The sliding window counts are kept over.</param>
/// <param name="MinMatches">An entry is never quarantined with this many matches or fewer in the window.</param>
/// <param name="EntryShare">The share of the uploads gated in the window an entry's matches must exceed (0.01 = 1%).</param>
/// <param name="ExchangeFactor">How many times its historical rate an exchange's new entries must match.</param>
/// <param name="ExchangeMinMatches">An exchange is never quarantined with this many new-entry matches or fewer in the window.</param>
/// <param name="NewEntryAge">How long an exchange's entry counts as new after it was added.</param>
/// <param name="History">How far back an exchange's historical rate is taken.</param>
public sealed record FloodRules(
    TimeSpan Window, int MinMatches, double EntryShare, double ExchangeFactor, int ExchangeMinMatches, TimeSpan NewEntryAge, TimeSpan History)
{
    /// <summary>Buckets a window is counted in (a window of 60 minutes slides by 5).</summary>
    public const int BucketsPerWindow = 12;

    /// <summary>The defaults (docs/operations.md): an hour's window, 20 matches, 1%, ten times, 100, a day, a week.</summary>
    public static FloodRules Default { get; } = new(TimeSpan.FromMinutes(60), 20, 0.01, 10, 100, TimeSpan.FromHours(24), TimeSpan.FromDays(7));

    /// <summary>One bucket, in milliseconds (at least one).</summary>
    public long BucketMillis => Math.Max(1, (long)Window.TotalMilliseconds / BucketsPerWindow);

    /// <summary>The start (Unix ms) of the bucket <paramref name="at"/> falls in.</summary>
    public long Bucket(DateTimeOffset at) => Math.DivRem(at.ToUnixTimeMilliseconds(), BucketMillis).Quotient * BucketMillis;

    /// <summary>The first bucket (Unix ms) of the window that ends in <paramref name="now"/>'s bucket.</summary>
    public long WindowStart(DateTimeOffset now) => Bucket(now) - ((BucketsPerWindow - 1) * BucketMillis);

    /// <summary>The first bucket (Unix ms) an exchange's history is taken from.</summary>
    public long HistoryStart(DateTimeOffset now) => Bucket(now - History);

    /// <summary>
    /// Whether an entry with <paramref name="matches"/> matches in the window (this one included) floods, when
    /// <paramref name="gated"/> uploads were gated in it (this one included).
    /// </summary>
    public bool IsEntryFlood(long matches, long gated) => matches > MinMatches && matches > EntryShare * Math.Max(gated, matches);

    /// <summary>Whether an entry added at <paramref name="addedAt"/> is new at <paramref name="now"/>.</summary>
    public bool IsNew(DateTimeOffset addedAt, DateTimeOffset now) => now - addedAt < NewEntryAge;

    /// <summary>
    /// An exchange's matches per window before this window: <paramref name="historyMatches"/> counted from
    /// <paramref name="countedFrom"/> (Unix ms: the history's start, or later when the exchange is younger) to
    /// <paramref name="windowStart"/>. Zero when there is no history.
    /// </summary>
    public double HistoricalRate(long historyMatches, long countedFrom, long windowStart)
    {
        var windows = (windowStart - countedFrom) / (double)(BucketMillis * BucketsPerWindow);
        return windows <= 0 ? 0 : historyMatches / windows;
    }

    /// <summary>Whether an exchange whose new entries matched <paramref name="newMatches"/> times in the window floods, at <paramref name="historicalRate"/>.</summary>
    public bool IsExchangeFlood(long newMatches, double historicalRate) => newMatches > ExchangeMinMatches && newMatches > ExchangeFactor * historicalRate;

    /// <summary>What is wrong with these rules, or null.</summary>
    public string? Validate() =>
        Window <= TimeSpan.Zero ? "the window is positive"
        : MinMatches < 1 ? "the minimum matches of an entry is at least 1"
        : EntryShare is <= 0 or > 1 || double.IsNaN(EntryShare) ? "the entry share is above 0 and at most 1"
        : ExchangeFactor < 1 || double.IsNaN(ExchangeFactor) ? "the exchange factor is at least 1"
        : ExchangeMinMatches < 1 ? "the minimum new-entry matches of an exchange is at least 1"
        : NewEntryAge <= TimeSpan.Zero ? "the age of a new entry is positive"
        : History <= Window ? "the history is longer than the window"
        : null;
}
