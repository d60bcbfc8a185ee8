using Aegis.Core.Users;

namespace Aegis.Core.Tests.Users;

public sealed class LockoutPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly LockoutPolicy Policy = new(3, TimeSpan.FromMinutes(15));

    [Fact]
    public void Failures_below_the_limit_are_counted_and_do_not_lock()
    {
        var first = Policy.AfterFailure(0, Now);
        var second = Policy.AfterFailure(first.FailedAttempts, Now);

        Assert.Equal(new LockoutState(1, null), first);
        Assert.Equal(new LockoutState(2, null), second);
        Assert.False(second.LockedOut);
    }

    [Fact]
    public void The_failure_that_reaches_the_limit_locks_for_the_duration_and_starts_the_count_again()
    {
        var third = Policy.AfterFailure(2, Now);

        Assert.True(third.LockedOut);
        Assert.Equal(new LockoutState(0, Now.AddMinutes(15)), third);
    }

    [Fact]
    public void A_lock_holds_until_its_end_and_not_after()
    {
        var until = Now.AddMinutes(15);

        Assert.True(LockoutPolicy.IsLocked(until, Now));
        Assert.True(LockoutPolicy.IsLocked(until, until.AddTicks(-1)));
        Assert.False(LockoutPolicy.IsLocked(until, until));
        Assert.False(LockoutPolicy.IsLocked(null, Now));
    }

    [Theory]
    [InlineData("ana", true)]
    [InlineData("ana.silva@example.org", true)]
    [InlineData("", false)]
    [InlineData("ana silva", false)]
    [InlineData("ana<script>", false)]
    public void User_names_are_short_and_plain(string name, bool valid)
    {
        Assert.Equal(valid, UserNames.Validate(name) is null);
        Assert.Equal(UserNames.Normalize("Ana"), UserNames.Normalize("aNA"));
        Assert.NotNull(UserNames.Validate(new string('a', UserNames.MaxLength + 1)));
    }
}
