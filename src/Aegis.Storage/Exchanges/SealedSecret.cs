namespace Aegis.Storage;

/// <summary>A secret sealed by the server's key ring (the store never sees it in the clear).</summary>
/// <param name="KeyId">The key it is sealed under.</param>
/// <param name="Bytes">Nonce, ciphertext and tag.</param>
public sealed record SealedSecret(string KeyId, byte[] Bytes);
