using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Aegis.Server.Hosting;

namespace Aegis.Server.Auth;

/// <summary>
/// Counts failed authentication (a wrong key, other credentials) per client address, so that keys cannot be guessed
/// at the server's full speed: an address may fail <see cref="RateLimitOptions.FailedAuthPerMinute"/> times at once,
/// then once every 60/N seconds. Only failures are counted and only failures are refused: a valid key from the same
/// address (a platform behind one NAT with a misbehaving neighbour) still works. IPv6 addresses count by their /64, the
/// block one subscriber gets.
/// </summary>
internal sealed class FailedAuthLimiter(ServerOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter = options.RateLimit.FailedAuthPerMinute is var perMinute and > 0
        ? PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
            RateLimitPartition.GetTokenBucketLimiter(Client(address), _ => RateLimits.Bucket(perMinute / 60.0, perMinute)))
        : null;

    /// <summary>
    /// Counts one failure from <paramref name="address"/>; null when it is within the limit, else how long until the
    /// address may fail again.
    /// </summary>
    public TimeSpan? Fail(IPAddress? address)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(address ?? IPAddress.None);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
            : TimeSpan.FromSeconds(60.0 / options.RateLimit.FailedAuthPerMinute);
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>The client an address counts as: IPv4 as it is (mapped IPv6 too), IPv6 by its /64 (one household or phone holds many).</summary>
    internal static IPAddress Client(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
