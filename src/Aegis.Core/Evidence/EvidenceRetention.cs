namespace Aegis.Core.Evidence;

/// <summary>
/// How long preserved evidence is kept (18 U.S.C. §2258A(h): a provider that reports apparent CSAM preserves the
/// report's contents for one year): until <see cref="RetainUntil"/>, extendable, never shortened; deleted only once
/// that time has passed and no legal hold stands.
/// </summary>
public static class EvidenceRetention
{
    /// <summary>The shortest retention the law allows, in days: one year (a leap year's 366 is one day longer; see <see cref="RetainUntil"/>).</summary>
    public const int MinimumDays = 365;

    /// <summary>The default retention, in days.</summary>
    public const int DefaultDays = 365;

    /// <summary>
    /// The end of retention for an item preserved at <paramref name="preservedAt"/>: <paramref name="days"/> days on, and
    /// never less than the same date a calendar year later (so a year holding 29 February still counts as a year).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is under <see cref="MinimumDays"/>.</exception>
    public static DateTimeOffset RetainUntil(DateTimeOffset preservedAt, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, MinimumDays);
        var byDays = preservedAt.AddDays(days);
        var calendarYear = preservedAt.AddYears(1);
        return byDays > calendarYear ? byDays : calendarYear;
    }

    /// <summary>An extension of retention: the later of the two (a retention is never shortened).</summary>
    public static DateTimeOffset Extend(DateTimeOffset current, DateTimeOffset until) => until > current ? until : current;

    /// <summary>True when the item may be deleted at <paramref name="now"/>: its retention has passed and no hold stands.</summary>
    public static bool MayDelete(DateTimeOffset retainUntil, bool held, DateTimeOffset now) => !held && now >= retainUntil;
}
