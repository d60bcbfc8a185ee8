using Aegis.Hashing.Memory;
using Aegis.Hashing.Tests.Support;

namespace Aegis.Hashing.Tests.Memory;

/// <summary>The node's decode budget: shares given at once or in turn, refusals after the wait or at once, shares always given back.</summary>
public sealed class DecodeBudgetTests
{
    private const long Capacity = 1000;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_share_that_is_free_is_given_at_once_and_given_back_once_on_dispose()
    {
        var budget = Budget();

        var lease = await budget.ReserveAsync(600);

        Assert.Equal((600L, 400L), (lease.Bytes, budget.AvailableBytes));
        lease.Dispose();
        lease.Dispose();
        Assert.Equal(Capacity, budget.AvailableBytes);
    }

    [Fact]
    public async Task A_share_that_is_not_free_waits_until_enough_is_given_back()
    {
        var budget = Budget();
        var first = await budget.ReserveAsync(600);
        var second = await budget.ReserveAsync(300);

        var waiting = budget.ReserveAsync(500).AsTask();
        _clock.Advance(Wait - TimeSpan.FromTicks(1));
        second.Dispose(); // 700 free: not yet

        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, budget.Waiting);
        first.Dispose();
        using var lease = await waiting;
        Assert.Equal((500L, 500L, 0), (lease.Bytes, budget.AvailableBytes, _clock.ActiveTimers));
    }

    [Fact]
    public async Task Waiting_shares_are_given_in_the_order_they_were_asked_for_and_none_overtakes_one_that_does_not_fit()
    {
        var budget = Budget();
        var holder = await budget.ReserveAsync(Capacity);
        var first = budget.ReserveAsync(600).AsTask();
        var second = budget.ReserveAsync(500).AsTask();
        var third = budget.ReserveAsync(300).AsTask();

        // 1000 free: the first fits; then 400 are left, too few for the second, and the third (which would fit) waits behind it.
        holder.Dispose();
        var firstLease = await first;

        Assert.Equal((400L, 2), (budget.AvailableBytes, budget.Waiting));
        Assert.False(second.IsCompleted || third.IsCompleted);
        firstLease.Dispose();
        using var secondLease = await second;
        using var thirdLease = await third;
        Assert.Equal((200L, 0), (budget.AvailableBytes, budget.Waiting));
    }

    [Fact]
    public async Task A_share_still_not_free_after_the_wait_is_refused_as_busy_with_a_retry_after()
    {
        var budget = Budget();
        using var holder = await budget.ReserveAsync(900);
        var waiting = budget.ReserveAsync(200).AsTask();

        _clock.Advance(Wait);

        var refused = await Assert.ThrowsAsync<DecodeBudgetException>(() => waiting);
        Assert.False(refused.TooLarge);
        Assert.Equal(Wait, refused.RetryAfter);
        Assert.Contains("200 bytes", refused.Message);
        Assert.Contains("10 s", refused.Message);
        Assert.Equal((100L, 0, 0), (budget.AvailableBytes, budget.Waiting, _clock.ActiveTimers));
    }

    [Fact]
    public async Task A_large_share_that_times_out_at_the_head_lets_the_ones_behind_it_that_fit_go()
    {
        var budget = Budget();
        using var holder = await budget.ReserveAsync(500);
        var large = budget.ReserveAsync(800).AsTask();
        _clock.Advance(Wait / 2);
        var small = budget.ReserveAsync(300).AsTask();

        _clock.Advance(Wait / 2);

        await Assert.ThrowsAsync<DecodeBudgetException>(() => large);
        using var lease = await small;
        Assert.Equal(200L, budget.AvailableBytes);
    }

    [Fact]
    public async Task Cancelling_a_wait_takes_it_out_of_the_line_and_lets_the_ones_behind_it_go()
    {
        var budget = Budget();
        using var holder = await budget.ReserveAsync(500);
        using var cancel = new CancellationTokenSource();
        var large = budget.ReserveAsync(800, cancel.Token).AsTask();
        var small = budget.ReserveAsync(300).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        using var lease = await small;
        Assert.Equal((200L, 0), (budget.AvailableBytes, budget.Waiting));
    }

    [Fact]
    public async Task A_share_larger_than_the_whole_budget_is_refused_at_once_even_when_all_of_it_is_free()
    {
        var budget = Budget();

        var refused = await Assert.ThrowsAsync<DecodeBudgetException>(async () => await budget.ReserveAsync(Capacity + 1));

        Assert.True(refused.TooLarge);
        Assert.Null(refused.RetryAfter);
        Assert.Contains("1,001 bytes", refused.Message);
        Assert.Contains("1,000 bytes", refused.Message);
        Assert.Equal((Capacity, 0), (budget.AvailableBytes, budget.Waiting));
    }

    [Fact]
    public async Task With_no_wait_a_share_that_is_not_free_is_refused_at_once()
    {
        var budget = new DecodeBudget(Capacity, TimeSpan.Zero, _clock);
        using var holder = await budget.ReserveAsync(900);

        var refused = await Assert.ThrowsAsync<DecodeBudgetException>(async () => await budget.ReserveAsync(200));

        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(0, budget.Waiting);
    }

    [Fact]
    public async Task A_share_is_given_back_when_the_work_holding_it_throws()
    {
        var budget = Budget();

        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            using var lease = await budget.ReserveAsync(700);
            throw new InvalidDataException("the decoder failed");
        });

        Assert.Equal(Capacity, budget.AvailableBytes);
        using var next = await budget.ReserveAsync(Capacity);
    }

    private DecodeBudget Budget() => new(Capacity, Wait, _clock);
}
