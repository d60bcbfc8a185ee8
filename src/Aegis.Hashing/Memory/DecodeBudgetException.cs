namespace Aegis.Hashing.Memory;

/// <summary>
/// A <see cref="DecodeBudget"/> could not give the bytes: more than its whole capacity (<see cref="TooLarge"/>; the
/// same request will never fit), or not within its wait (busy; <see cref="RetryAfter"/> says when to try again).
/// </summary>
public sealed class DecodeBudgetException(string message, bool tooLarge, TimeSpan? retryAfter) : Exception(message)
{
    /// <summary>The request needs more than the whole budget: refused at once, and a retry cannot succeed.</summary>
    public bool TooLarge { get; } = tooLarge;

    /// <summary>When the budget was busy: how long to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
