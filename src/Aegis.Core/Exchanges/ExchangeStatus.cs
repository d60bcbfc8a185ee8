namespace Aegis.Core.Exchanges;

/// <summary>Where an exchange's fetching stands.</summary>
/// <param name="LastRunAt">When the last run started (null: never run).</param>
/// <param name="LastSuccessAt">When a run last ended without an error.</param>
/// <param name="NextRunAt">When it is due next (a disabled exchange is never due).</param>
/// <param name="LastRun">What the last run did (so far, while it runs).</param>
/// <param name="Total">What every run did.</param>
/// <param name="ConsecutiveFailures">Failed runs in a row (0 after a success).</param>
/// <param name="LastError">The last failure's status (what failed, when it is tried again), null after a success.</param>
/// <param name="Failing">True while the platform has been told the exchange is failing and not yet that it recovered.</param>
/// <param name="ExchangeTime">How far the exchange's own clock has been read, when the exchange says.</param>
/// <param name="RunningOn">The node fetching it now (its lease has not run out), or null.</param>
/// <param name="LastEndAt">When the last run ended, having fetched or failed (null: none has).</param>
public sealed record ExchangeStatus(
    DateTimeOffset? LastRunAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset NextRunAt,
    ExchangeCounts LastRun,
    ExchangeCounts Total,
    int ConsecutiveFailures,
    string? LastError,
    bool Failing,
    DateTimeOffset? ExchangeTime,
    string? RunningOn,
    DateTimeOffset? LastEndAt = null)
{
    /// <summary>In one word: <c>running</c>, <c>never_run</c>, <c>failing</c> (told to the platform), <c>retrying</c> (failed, not yet failing) or <c>ok</c>.</summary>
    public string State => RunningOn is not null ? "running"
        : Failing ? "failing"
        : ConsecutiveFailures > 0 ? "retrying"
        : LastRunAt is null ? "never_run"
        : "ok";

    /// <summary>
    /// True when the last run that ended fetched everything the exchange had (it did not stop at the page bound, due again
    /// at once) and no run has failed since; a run under way leaves it as the last one left it.
    /// </summary>
    public bool UpToDate => ConsecutiveFailures == 0 && LastSuccessAt is { } success && NextRunAt > success;
}
