using System.Collections.Concurrent;
using Aegis.Storage;

namespace Aegis.Server.Auth;

/// <summary>
/// Checked keys, remembered for <see cref="Lifetime"/> so that a request does not cost a database round trip; a revoked
/// key stops working on every node within that time.
/// </summary>
internal sealed class ApiKeyCache(ApiKeyStore keys, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> _seen = new(StringComparer.Ordinal);

    public async ValueTask<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_seen.TryGetValue(secret, out var hit) && hit.Until > now)
        {
            return hit.Key;
        }

        var key = await keys.FindAsync(secret, cancellationToken);
        if (_seen.Count >= MaxEntries)
        {
            // Unknown secrets sent in bulk must not grow memory: forget everything, the next requests reload.
            _seen.Clear();
        }

        _seen[secret] = (key, now + Lifetime);
        return key;
    }

    /// <summary>Forgets everything (a key was revoked on this node).</summary>
    public void Clear() => _seen.Clear();
}
