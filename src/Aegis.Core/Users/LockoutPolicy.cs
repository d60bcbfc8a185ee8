namespace Aegis.Core.Users;

/// <summary>
/// When failed sign-ins lock an account: after <see cref="Attempts"/> failures in a row it is locked for
/// <see cref="Duration"/>, and the count starts again; a success clears the count.
/// </summary>
/// <param name="Attempts">Failures in a row that lock the account (at least 1).</param>
/// <param name="Duration">How long the lock lasts.</param>
public sealed record LockoutPolicy(int Attempts, TimeSpan Duration)
{
    /// <summary>5 failures lock an account for 15 minutes.</summary>
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));

    /// <summary>True while a lock set to end at <paramref name="lockedUntil"/> holds at <paramref name="now"/>.</summary>
    public static bool IsLocked(DateTimeOffset? lockedUntil, DateTimeOffset now) => lockedUntil > now;

    /// <summary>What one more failure makes of an account that had <paramref name="failedAttempts"/> in a row.</summary>
    public LockoutState AfterFailure(int failedAttempts, DateTimeOffset now)
    {
        var failed = failedAttempts + 1;
        return failed >= Attempts ? new LockoutState(0, now + Duration) : new LockoutState(failed, null);
    }
}
