namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>feed_keys</c>: one of the hash feed's signing key pairs. The public key is plain (it is published); the
/// private key is sealed by the server under the evidence vault's key ring (the store never sees it in the clear).
/// <see cref="Id"/> is given, not generated: the first key is 1 and each rotation takes the next, so two nodes making a
/// key at once collide on it and the loser uses the winner's.
/// </summary>
internal sealed class FeedKeyRow
{
    public int Id { get; set; }

    /// <summary>The key's id in signatures (from its public key).</summary>
    public required string KeyId { get; set; }

    /// <summary>The public key, DER SubjectPublicKeyInfo.</summary>
    public required byte[] PublicKey { get; set; }

    /// <summary>The private key (PKCS#8), sealed.</summary>
    public required byte[] SealedPrivateKey { get; set; }

    /// <summary>The key ring's key it is sealed under.</summary>
    public required string SealKeyId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it starts signing (a rotation's key is published before, so subscribers can pin it first).</summary>
    public DateTimeOffset ActiveFrom { get; set; }
}
