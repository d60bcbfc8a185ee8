using System.Net;
using System.Threading.RateLimiting;
using Aegis.Server.Hosting;

namespace Aegis.Server.Protect;

/// <summary>
/// The protect page's rate limits, per node: submissions per client address, receipt reads and withdrawals per address
/// and per receipt (so a code tried from many addresses is limited too). Token buckets of an hour's allowance.
/// </summary>
internal sealed class ProtectLimiter(ServerOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, k =>
        {
            var perHour = k.StartsWith("s:", StringComparison.Ordinal) ? options.Protect.SubmissionsPerHour : options.Protect.ReceiptChecksPerHour;
            return RateLimits.Bucket(perHour / 3600.0, perHour);
        }));

    /// <summary>One submission from <paramref name="address"/>: null when allowed, else how long to wait.</summary>
    public TimeSpan? Submit(IPAddress? address) => Take("s:" + Client(address));

    /// <summary>One receipt read or withdrawal: null when allowed, else how long to wait.</summary>
    public TimeSpan? Check(IPAddress? address, string? receiptKey) =>
        Take("a:" + Client(address)) ?? (receiptKey is null ? null : Take("r:" + receiptKey));

    public void Dispose() => _limiter.Dispose();

    private TimeSpan? Take(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
            : TimeSpan.FromMinutes(5);
    }

    /// <summary>The client's key, as the failed-key limit counts clients (<see cref="Auth.FailedAuthLimiter.Client"/>).</summary>
    private static string Client(IPAddress? address) => Auth.FailedAuthLimiter.Client(address ?? IPAddress.None).ToString();
}
