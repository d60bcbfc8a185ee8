namespace Aegis.Core.Users;

/// <summary>An account's failed sign-ins in a row, and the end of its lock (null: not locked by this failure).</summary>
public sealed record LockoutState(int FailedAttempts, DateTimeOffset? LockedUntil)
{
    /// <summary>True when this failure locked the account.</summary>
    public bool LockedOut => LockedUntil is not null;
}
