using System.Threading.RateLimiting;

namespace Aegis.Server.Hosting;

/// <summary>The token buckets of the rate limits.</summary>
internal static class RateLimits
{
    /// <summary>
    /// A bucket of <paramref name="burst"/> tokens refilled at <paramref name="perSecond"/>: about a tenth of a second's
    /// worth at a time, and at least one token, so that a low rate refills one token every 1/rate seconds (a fixed 100 ms
    /// step with at least one token let every rate below 10 through at 10 a second).
    /// </summary>
    public static TokenBucketRateLimiterOptions Bucket(double perSecond, int burst)
    {
        var tokens = Math.Max(1, (int)(perSecond / 10));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / perSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
