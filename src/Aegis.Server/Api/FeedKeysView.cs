using Aegis.Exchanges.AegisFeed;
using Aegis.Server.Feed;
using Aegis.Storage;

namespace Aegis.Server.Api;

/// <summary>The feed's signing keys, as <c>GET /v1/feed/key</c> shows them (a subscriber pins the current key, and the next one during a rotation).</summary>
/// <param name="Publisher">The publisher's name.</param>
/// <param name="Algorithm">Always <c>ecdsa-p256-sha256</c>.</param>
/// <param name="CurrentKeyId">The key that signs now.</param>
/// <param name="Keys">Every key, oldest first.</param>
public sealed record FeedKeysView(string Publisher, string Algorithm, string CurrentKeyId, IReadOnlyList<FeedKeyView> Keys)
{
    internal static FeedKeysView From(string publisher, IReadOnlyList<FeedKey> keys, DateTimeOffset now)
    {
        var current = FeedSigner.Current(keys, now);
        return new FeedKeysView(publisher, FeedSignature.Algorithm, current.KeyId, [.. keys.Select(k => FeedKeyView.From(k, current, now))]);
    }
}

/// <summary>One signing key.</summary>
/// <param name="KeyId">Its id in signatures.</param>
/// <param name="PublicKey">The public key, PEM.</param>
/// <param name="Spki">The public key, base64 DER SubjectPublicKeyInfo.</param>
/// <param name="State"><c>current</c> (signs now), <c>next</c> (signs from its <c>active_from</c>) or <c>retired</c>.</param>
/// <param name="ActiveFrom">When it signs from.</param>
public sealed record FeedKeyView(string KeyId, string PublicKey, string Spki, string State, DateTimeOffset ActiveFrom)
{
    internal static FeedKeyView From(FeedKey key, FeedKey current, DateTimeOffset now) => new(
        key.KeyId,
        FeedPublicKey.FromSpki(key.PublicKey).Pem,
        Convert.ToBase64String(key.PublicKey),
        key.KeyId == current.KeyId ? "current" : key.ActiveFrom > now ? "next" : "retired",
        key.ActiveFrom);
}
