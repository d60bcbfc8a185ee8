namespace Aegis.Storage;

/// <summary>One of the hash feed's signing keys, as stored: the public key plain, the private key sealed by the server.</summary>
/// <param name="Number">Its number: 1 for the first key, one more for each rotation.</param>
/// <param name="KeyId">Its id in signatures.</param>
/// <param name="PublicKey">DER SubjectPublicKeyInfo.</param>
/// <param name="SealedPrivateKey">The private key, sealed (opaque to the store).</param>
/// <param name="SealKeyId">The key ring's key it is sealed under.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ActiveFrom">When it starts signing.</param>
public sealed record FeedKey(int Number, string KeyId, byte[] PublicKey, byte[] SealedPrivateKey, string SealKeyId, DateTimeOffset CreatedAt, DateTimeOffset ActiveFrom);
