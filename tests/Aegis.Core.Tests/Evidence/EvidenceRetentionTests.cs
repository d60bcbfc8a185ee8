using Aegis.Core.Evidence;

namespace Aegis.Core.Tests.Evidence;

public sealed class EvidenceRetentionTests
{
    private static readonly DateTimeOffset Preserved = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Kept_a_year_and_at_least_a_calendar_year()
    {
        Assert.Equal(Preserved.AddDays(365), EvidenceRetention.RetainUntil(Preserved, 365));

        // Across 29 February 2028, 365 days fall a day short of the same date a year on: the year wins.
        var beforeLeapDay = new DateTimeOffset(2027, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(beforeLeapDay.AddYears(1), EvidenceRetention.RetainUntil(beforeLeapDay, 365));
        Assert.Equal(Preserved.AddDays(400), EvidenceRetention.RetainUntil(Preserved, 400));
    }

    [Fact]
    public void Less_than_a_year_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EvidenceRetention.RetainUntil(Preserved, 364));

    [Fact]
    public void An_extension_never_shortens()
    {
        var until = Preserved.AddDays(365);
        Assert.Equal(until.AddDays(30), EvidenceRetention.Extend(until, until.AddDays(30)));
        Assert.Equal(until, EvidenceRetention.Extend(until, until.AddDays(-30)));
    }

    [Fact]
    public void Deleted_only_once_retention_has_passed_and_no_hold_stands()
    {
        var until = Preserved.AddDays(365);
        Assert.False(EvidenceRetention.MayDelete(until, held: false, until.AddTicks(-1)));
        Assert.True(EvidenceRetention.MayDelete(until, held: false, until));
        Assert.False(EvidenceRetention.MayDelete(until, held: true, until.AddYears(5)));
    }
}
