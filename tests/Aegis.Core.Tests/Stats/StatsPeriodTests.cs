using Aegis.Core.Stats;

namespace Aegis.Core.Tests.Stats;

public sealed class StatsPeriodTests
{
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_period_is_rounded_out_to_whole_buckets_in_utc()
    {
        // 05:30 on Nov 1 at UTC+2 is 03:30 UTC; 01:00 on Nov 3 UTC
        var period = StatsPeriod.Create(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.FromHours(2)), Nov1.AddDays(2).AddHours(1), StatsBucket.Day);
        var hours = StatsPeriod.Create(Nov1.AddMinutes(90), Nov1.AddHours(3), StatsBucket.Hour);

        Assert.Equal((Nov1, Nov1.AddDays(3), 3), (period.From, period.To, period.Count));
        Assert.Equal(Nov1.AddDays(2), period.Start(2));
        Assert.Equal((Nov1.AddHours(1), Nov1.AddHours(3), 2), (hours.From, hours.To, hours.Count));
    }

    [Fact]
    public void A_period_within_one_bucket_is_that_bucket()
    {
        var period = StatsPeriod.Create(Nov1.AddHours(1), Nov1.AddHours(2), StatsBucket.Day);

        Assert.Equal((Nov1, 1), (period.From, period.Count));
    }

    [Theory]
    [InlineData(StatsBucket.Day, 400, null)]
    [InlineData(StatsBucket.Day, 401, "401 buckets of one day; at most 400")]
    [InlineData(StatsBucket.Hour, 400, null)]
    [InlineData(StatsBucket.Hour, 401, "or bucket=day")]
    public void At_most_400_buckets_fit(StatsBucket bucket, int buckets, string? refusal)
    {
        var width = bucket == StatsBucket.Day ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);

        var invalid = StatsPeriod.Validate(Nov1, Nov1 + (width * buckets), bucket);

        if (refusal is null)
        {
            Assert.Null(invalid);
        }
        else
        {
            Assert.Contains(refusal, invalid, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_period_that_is_no_period_is_refused_naming_the_field()
    {
        Assert.Equal("from (2026-11-01T00:00:00Z) must be before to (2026-11-01T00:00:00Z).", StatsPeriod.Validate(Nov1, Nov1, StatsBucket.Day));
        Assert.StartsWith("from must lie between 1970-01-01T00:00:00Z", StatsPeriod.Validate(DateTimeOffset.MinValue, Nov1, StatsBucket.Day), StringComparison.Ordinal);
        Assert.StartsWith("to must lie between", StatsPeriod.Validate(Nov1, DateTimeOffset.MaxValue, StatsBucket.Day), StringComparison.Ordinal);
        Assert.Equal("bucket is hour or day.", StatsPeriod.Validate(Nov1, Nov1.AddDays(1), (StatsBucket)7));
        Assert.Throws<ArgumentException>(() => StatsPeriod.Create(Nov1, Nov1, StatsBucket.Hour));
    }
}
