namespace Aegis.CyberTip.Evidence;

/// <summary>
/// What the vault stores beside an item's ciphertext (the ciphertext itself is as long as the bytes): the id of the
/// master key and the data key wrapped under it, the content's nonce and tag, and the encrypted metadata (nonce,
/// ciphertext, tag). Nothing here is readable without the master key.
/// </summary>
public sealed record SealedEvidence(string KeyId, byte[] WrappedKey, byte[] ContentNonce, byte[] ContentTag, byte[] Metadata);
