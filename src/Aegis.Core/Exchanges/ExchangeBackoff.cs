using System.Globalization;

namespace Aegis.Core.Exchanges;

/// <summary>
/// When a failed exchange is fetched again. A transient failure waits <see cref="Initial"/>, doubling with each failure in
/// a row up to <see cref="Max"/>, spread by jitter (so nodes and exchanges that failed together do not come back together),
/// and never less than the exchange's own Retry-After. Refused credentials wait <see cref="UnauthorizedWait"/> (setting new
/// credentials makes the exchange due at once). An expired checkpoint restarts from the client's safe point at once, the
/// first time; again in a row, it backs off like any failure. The platform is told an exchange is failing at
/// <see cref="FailingAfter"/> failures in a row, or at once when its credentials are refused.
/// </summary>
/// <param name="Initial">The first wait.</param>
/// <param name="Max">The longest wait for a transient failure.</param>
/// <param name="UnauthorizedWait">The wait after refused credentials.</param>
public sealed record ExchangeBackoff(TimeSpan Initial, TimeSpan Max, TimeSpan UnauthorizedWait)
{
    /// <summary>Failures in a row that make an exchange failing (a single blip is not news to the platform).</summary>
    public const int FailingAfter = 3;

    /// <summary>The longest Retry-After honoured: an exchange asking for more is asked again after a day.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (this one included).</summary>
    /// <param name="failure">What failed.</param>
    /// <param name="failures">Failures in a row, this one included (1 or more).</param>
    /// <param name="retryAfter">The exchange's Retry-After, if it gave one.</param>
    /// <param name="jitter">A random number in [0, 1): the wait is spread over 75% to 125% of the doubling.</param>
    public ExchangeRetry AfterFailure(FetchFailure failure, int failures, TimeSpan? retryAfter, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        if (failure == FetchFailure.Unauthorized)
        {
            return new ExchangeRetry(
                UnauthorizedWait, true, $"unauthorized: the exchange refused the credentials; set new ones (they make it due at once), or it is tried again in {Words(UnauthorizedWait)}.", false);
        }

        if (failure == FetchFailure.CheckpointExpired && failures == 1)
        {
            return new ExchangeRetry(TimeSpan.Zero, false, "the checkpoint expired at the exchange: fetching again from the client's safe point.", true);
        }

        var doubling = Initial.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var seconds = Math.Min(Max.TotalSeconds, doubling * (0.75 + (0.5 * Math.Clamp(jitter, 0, 1))));
        var wait = TimeSpan.FromSeconds(seconds);
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked < MaxRetryAfter ? asked : MaxRetryAfter;
        }

        var restart = failure == FetchFailure.CheckpointExpired;
        return new ExchangeRetry(wait, failures >= FailingAfter, $"failed {failures} time{(failures == 1 ? "" : "s")} in a row; next try in {Words(wait)}.", restart);
    }

    /// <summary>A wait in words: "45 s", "5 min", "1 h".</summary>
    public static string Words(TimeSpan wait) => wait.TotalSeconds < 120
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(wait.TotalSeconds):0} s")
        : wait.TotalMinutes < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(wait.TotalMinutes):0} min")
            : string.Create(CultureInfo.InvariantCulture, $"{wait.TotalHours:0.#} h");
}
