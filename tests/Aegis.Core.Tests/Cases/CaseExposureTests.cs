using Aegis.Core.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class CaseExposureTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(167_000, 2_223)]
    [InlineData(CaseExposure.MaxCount, CaseExposure.MaxCount)]
    public void Counts_from_0_to_the_maximum_are_accepted(long views, long shares) => Assert.Null(CaseExposure.Validate(views, shares));

    [Theory]
    [InlineData(-1, 0, "views")]
    [InlineData(CaseExposure.MaxCount + 1, 0, "views")]
    [InlineData(long.MaxValue, 0, "views")]
    [InlineData(0, -1, "shares")]
    [InlineData(0, long.MaxValue, "shares")]
    [InlineData(long.MinValue, long.MaxValue, "views")]
    public void A_negative_or_absurd_count_is_refused_naming_the_field(long views, long shares, string field)
    {
        var problem = CaseExposure.Validate(views, shares);

        Assert.NotNull(problem);
        Assert.StartsWith(field + " is a count from 0 to 1,000,000,000,000,000", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_maximum_leaves_room_to_add_thousands_of_items_in_64_bits()
    {
        Assert.True(long.MaxValue / CaseExposure.MaxCount >= 9_000);
    }

    [Theory]
    [InlineData(100, 250, 150)]
    [InlineData(250, 100, 0)]
    [InlineData(5, 5, 0)]
    [InlineData(0, long.MaxValue, long.MaxValue)]
    [InlineData(long.MinValue, long.MaxValue, long.MaxValue)]
    [InlineData(-10, long.MaxValue, long.MaxValue)]
    [InlineData(-10, 5, 15)]
    [InlineData(long.MaxValue, long.MinValue, 0)]
    public void Growth_is_never_negative_and_never_overflows(long before, long after, long growth) =>
        Assert.Equal(growth, CaseExposure.Growth(before, after));

    [Fact]
    public void Capping_lowers_only_the_counts_above_the_corrected_ones_and_keeps_the_times()
    {
        var at = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        var exposure = new CaseExposure(100, 10, at, 300, 5, at.AddHours(1), 900, 50);

        Assert.Equal(new CaseExposure(100, 8, at, 200, 5, at.AddHours(1), 200, 8), exposure.CappedAt(200, 8));
        Assert.Equal(exposure, exposure.CappedAt(1_000, 100));
        Assert.Equal(new CaseExposure(0, 0), new CaseExposure(7, 3).CappedAt(0, 0));
    }
}
