using Aegis.Core.Exchanges;

namespace Aegis.Core.Tests.Exchanges;

public sealed class ExchangeBackoffTests
{
    private static readonly ExchangeBackoff Backoff = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30), TimeSpan.FromHours(6));

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(6, 960)]
    [InlineData(7, 1800)] // 1,920 s doubled, held at the 30-minute cap
    [InlineData(40, 1800)]
    public void A_transient_failure_waits_twice_as_long_each_time_up_to_the_cap(int failures, int seconds)
    {
        var middle = Backoff.AfterFailure(FetchFailure.Failed, failures, null, jitter: 0.5);

        Assert.Equal(TimeSpan.FromSeconds(seconds), middle.Wait);
        Assert.False(middle.Restart);
    }

    [Fact]
    public void Jitter_spreads_the_wait_over_three_quarters_to_five_quarters_but_never_past_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(45), Backoff.AfterFailure(FetchFailure.Failed, 2, null, jitter: 0).Wait);
        Assert.Equal(TimeSpan.FromSeconds(75), Backoff.AfterFailure(FetchFailure.Failed, 2, null, jitter: 0.9999999).Wait.RoundTo());
        Assert.Equal(TimeSpan.FromMinutes(30), Backoff.AfterFailure(FetchFailure.Failed, 7, null, jitter: 0.9999999).Wait);
    }

    [Fact]
    public void The_exchanges_retry_after_is_honoured_when_longer_and_held_at_a_day()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), Backoff.AfterFailure(FetchFailure.Failed, 1, TimeSpan.FromMinutes(10), 0.5).Wait);
        Assert.Equal(TimeSpan.FromSeconds(30), Backoff.AfterFailure(FetchFailure.Failed, 1, TimeSpan.FromSeconds(5), 0.5).Wait);
        Assert.Equal(ExchangeBackoff.MaxRetryAfter, Backoff.AfterFailure(FetchFailure.Failed, 1, TimeSpan.FromDays(9), 0.5).Wait);
    }

    [Fact]
    public void The_platform_is_told_at_the_third_failure_in_a_row_and_at_once_when_credentials_are_refused()
    {
        Assert.Equal(
            [false, false, true, true],
            Enumerable.Range(1, 4).Select(n => Backoff.AfterFailure(FetchFailure.Failed, n, null, 0.5).Failing));

        var refused = Backoff.AfterFailure(FetchFailure.Unauthorized, 1, TimeSpan.FromSeconds(1), 0.5);

        Assert.True(refused.Failing);
        Assert.Equal(TimeSpan.FromHours(6), refused.Wait);
        Assert.StartsWith("unauthorized", refused.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_checkpoint_restarts_at_once_and_backs_off_if_it_expires_again()
    {
        var first = Backoff.AfterFailure(FetchFailure.CheckpointExpired, 1, null, 0.5);
        var again = Backoff.AfterFailure(FetchFailure.CheckpointExpired, 2, null, 0.5);

        Assert.Equal((TimeSpan.Zero, true, false), (first.Wait, first.Restart, first.Failing));
        Assert.Equal((TimeSpan.FromSeconds(60), true), (again.Wait, again.Restart));
    }

    [Theory]
    [InlineData("ncmec-csam", null)]
    [InlineData("NCMEC_EXPLOITATIVE", null)]
    [InlineData("", "1 to 64")]
    [InlineData("has space", "' '")]
    [InlineData("slash/y", "'/'")]
    public void Names_are_as_bank_names(string name, string? problem)
    {
        var answer = ExchangeRules.ValidateName(name);

        if (problem is null)
        {
            Assert.Null(answer);
        }
        else
        {
            Assert.Contains(problem, answer, StringComparison.Ordinal);
            Assert.StartsWith("name:", answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_schedule_is_a_minute_to_a_week()
    {
        Assert.Null(ExchangeRules.ValidateSchedule(1));
        Assert.Null(ExchangeRules.ValidateSchedule(10080));
        Assert.Contains("schedule_minutes", ExchangeRules.ValidateSchedule(0), StringComparison.Ordinal);
        Assert.NotNull(ExchangeRules.ValidateSchedule(10081));
    }
}

internal static class Rounding
{
    /// <summary>To the whole second (jitter just under 1 gives a wait a hair under the top of its range).</summary>
    public static TimeSpan RoundTo(this TimeSpan wait) => TimeSpan.FromSeconds(Math.Round(wait.TotalSeconds));
}
