using System.Collections.Concurrent;
using System.Security.Cryptography;
using Aegis.CyberTip.Evidence;
using Aegis.Exchanges.AegisFeed;
using Aegis.Storage;

namespace Aegis.Server.Feed;

/// <summary>
/// The hash feed's signing keys (ECDSA P-256): made at the first need (by any node: two making the first key at once
/// collide on its number and the loser uses the winner's), their private keys sealed under the evidence vault's key ring
/// (<see cref="SecretSeal"/>, bound to the key's id), opened once per process and kept in memory. The current key is the
/// newest one active now; a rotation adds a key active from a later time, published at once so subscribers can pin it.
/// </summary>
/// <param name="store">The feed's store.</param>
/// <param name="keys">The key ring (asked for only when a private key is sealed or opened; the CLI has none until then).</param>
/// <param name="time">The clock.</param>
internal sealed class FeedSigner(HashFeedStore store, Func<KeyRing> keys, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ECDsa> _opened = new(StringComparer.Ordinal);

    /// <summary>The signer of a server, with its key ring.</summary>
    public FeedSigner(HashFeedStore store, KeyRing keys, TimeProvider time)
        : this(store, () => keys, time)
    {
    }

    /// <summary>Every key, oldest first (the first made now if there is none).</summary>
    public async Task<IReadOnlyList<FeedKey>> KeysAsync(CancellationToken cancellationToken)
    {
        var all = await store.KeysAsync(cancellationToken);
        while (all.Count == 0)
        {
            var now = time.GetUtcNow();
            await store.AddKeyAsync(Make(1, now, now), cancellationToken); // false: another node's key is there now
            all = await store.KeysAsync(cancellationToken);
        }

        return all;
    }

    /// <summary>The key that signs now: the newest active one.</summary>
    public static FeedKey Current(IReadOnlyList<FeedKey> all, DateTimeOffset now) =>
        all.Where(k => k.ActiveFrom <= now).MaxBy(k => k.Number) ?? all.MinBy(k => k.Number)!;

    /// <summary>Signs <paramref name="body"/> with the current key; the <c>Aegis-Signature</c> header's value.</summary>
    public async Task<string> SignAsync(byte[] body, CancellationToken cancellationToken)
    {
        var key = Current(await KeysAsync(cancellationToken), time.GetUtcNow());
        var ecdsa = _opened.GetOrAdd(key.KeyId, _ => Open(key));
        return FeedSignature.Sign(ecdsa, key.KeyId, body);
    }

    /// <summary>
    /// Adds the next key, signing from <paramref name="activeIn"/> from now (publish it, let subscribers pin it, then it signs).
    /// </summary>
    /// <exception cref="BankStoreException">Another rotation made the same key number at the same moment (<see cref="BankStoreError.Conflict"/>).</exception>
    public async Task<FeedKey> RotateAsync(TimeSpan activeIn, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(activeIn, TimeSpan.Zero);
        var all = await KeysAsync(cancellationToken);
        var now = time.GetUtcNow();
        var next = Make(all.Max(k => k.Number) + 1, now, now + activeIn);
        return await store.AddKeyAsync(next, cancellationToken)
            ? next
            : throw new BankStoreException(BankStoreError.Conflict, "Another rotation of the feed's key happened at the same time; list the keys and try again if needed.");
    }

    /// <summary>A new key pair, its private key sealed for its id.</summary>
    private FeedKey Make(int number, DateTimeOffset now, DateTimeOffset activeFrom)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = ecdsa.ExportSubjectPublicKeyInfo();
        var keyId = FeedSignature.KeyId(spki);
        var (sealKey, sealedBytes) = SecretSeal.Seal(keys(), Purpose(keyId), ecdsa.ExportPkcs8PrivateKey());
        return new FeedKey(number, keyId, spki, sealedBytes, sealKey, now, activeFrom);
    }

    private ECDsa Open(FeedKey key)
    {
        var pkcs8 = SecretSeal.Open(keys(), Purpose(key.KeyId), key.SealKeyId, key.SealedPrivateKey);
        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return ecdsa;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static string Purpose(string keyId) => $"feed-key:{keyId}";
}
