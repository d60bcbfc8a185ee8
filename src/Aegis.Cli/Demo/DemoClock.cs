namespace Aegis.Cli.Demo;

/// <summary>
/// The demo server's clock: the system's, set back by <see cref="Behind"/> while the demo's history is written, so that
/// its reports, decisions and SLAs happened over the past hours as they would have on a real platform (the queue then
/// shows breached and nearly due cases), then caught up to the system clock before anyone signs in. It only ever moves
/// forward; timers and delays run on the system's time.
/// </summary>
internal sealed class DemoClock : TimeProvider
{
    private long _behindTicks;

    /// <summary>How far behind the system clock it is now.</summary>
    public TimeSpan Behind => TimeSpan.FromTicks(Interlocked.Read(ref _behindTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - Behind;

    /// <summary>Sets the clock <paramref name="behind"/> the system's: once, before anything has read it.</summary>
    public void Start(TimeSpan behind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(behind, TimeSpan.Zero);
        if (Interlocked.CompareExchange(ref _behindTicks, behind.Ticks, 0) != 0)
        {
            throw new InvalidOperationException("The demo clock has started already.");
        }
    }

    /// <summary>Moves the clock forward to <paramref name="behind"/> the system's (never back: a later time than now only).</summary>
    public void MoveTo(TimeSpan behind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(behind, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(behind, Behind);
        Interlocked.Exchange(ref _behindTicks, behind.Ticks);
    }
}
