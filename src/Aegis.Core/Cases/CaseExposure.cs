namespace Aegis.Core.Cases;

/// <summary>How much a case's item was seen and shared at each step (the platform's counts at the time).</summary>
public sealed record CaseExposure(
    long ViewsAtFirstReport,
    long SharesAtFirstReport,
    DateTimeOffset? RestrictedAt = null,
    long? ViewsAtRestriction = null,
    long? SharesAtRestriction = null,
    DateTimeOffset? RemovedAt = null,
    long? ViewsAtRemoval = null,
    long? SharesAtRemoval = null)
{
    /// <summary>
    /// The largest view or share count the platform may report: 10^15, about 125,000 views for every person alive, so
    /// no real item comes near it, while 9,223 items at the maximum still add up within a 64-bit integer. A larger count
    /// is a bug or an attack, and is refused rather than stored.
    /// </summary>
    public const long MaxCount = 1_000_000_000_000_000;

    /// <summary>Why the counts cannot be recorded (naming the field), or null.</summary>
    public static string? Validate(long views, long shares) => Validate("views", views) ?? Validate("shares", shares);

    /// <summary>The views (or shares) counted from <paramref name="before"/> to <paramref name="after"/>: never negative,
    /// and never an overflow, whatever the stored values are.</summary>
    public static long Growth(long before, long after) =>
        after <= before ? 0
        : before < 0 && after > long.MaxValue + before ? long.MaxValue
        : after - before;

    /// <summary>The first restriction is recorded; later ones change nothing.</summary>
    public CaseExposure Restricted(DateTimeOffset at, ContentState content) =>
        RestrictedAt is not null ? this : this with { RestrictedAt = at, ViewsAtRestriction = content.Views, SharesAtRestriction = content.Shares };

    public CaseExposure Removed(DateTimeOffset at, ContentState content) =>
        RemovedAt is not null ? this : this with { RemovedAt = at, ViewsAtRemoval = content.Views, SharesAtRemoval = content.Shares };

    /// <summary>
    /// The counts recorded at each step, none above the corrected <paramref name="views"/> and <paramref name="shares"/>:
    /// real counts only grow, so a step cannot have seen more than the item has now. Times stay as they were.
    /// </summary>
    public CaseExposure CappedAt(long views, long shares) => new(
        Math.Min(ViewsAtFirstReport, views),
        Math.Min(SharesAtFirstReport, shares),
        RestrictedAt,
        Cap(ViewsAtRestriction, views),
        Cap(SharesAtRestriction, shares),
        RemovedAt,
        Cap(ViewsAtRemoval, views),
        Cap(SharesAtRemoval, shares));

    private static long? Cap(long? value, long max) => value is { } v ? Math.Min(v, max) : null;

    private static string? Validate(string field, long count) => count is < 0 or > MaxCount
        ? $"{field} is a count from 0 to {MaxCount:N0} (10^15); got {count:N0}."
        : null;
}
