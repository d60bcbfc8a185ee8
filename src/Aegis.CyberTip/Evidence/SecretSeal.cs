using System.Security.Cryptography;
using System.Text;

namespace Aegis.CyberTip.Evidence;

/// <summary>
/// Secrets Aegis keeps in its database (an exchange's credentials) sealed with the evidence vault's master keys: AES-256-GCM
/// under the ring's current key, a random nonce each time, bound (associated data) to what the secret is for, so a sealed
/// secret copied to another row does not open there. A stolen database alone gives nothing: the keys live in the settings
/// (<c>Evidence:Keys</c>) or the data folder's key file, never in the database.
/// </summary>
public static class SecretSeal
{
    /// <summary>Names the format in every associated data, so it can change one day.</summary>
    public const string FormatTag = "aegis-secret-v1";

    /// <summary>Seals <paramref name="plaintext"/> for <paramref name="purpose"/> (e.g. <c>exchange:ncmec-csam</c>).</summary>
    /// <returns>The key it is sealed under and the nonce, ciphertext and tag.</returns>
    public static (string KeyId, byte[] Sealed) Seal(KeyRing ring, string purpose, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return (ring.CurrentKeyId, ring.SealWithCurrent(plaintext, Associated(purpose, ring.CurrentKeyId)));
    }

    /// <summary>Opens a secret sealed for <paramref name="purpose"/> under <paramref name="keyId"/>.</summary>
    /// <exception cref="EvidenceKeyException">The ring has no key <paramref name="keyId"/>.</exception>
    /// <exception cref="EvidenceIntegrityException">It was altered, or sealed for another purpose.</exception>
    public static byte[] Open(KeyRing ring, string purpose, string keyId, ReadOnlySpan<byte> sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentNullException.ThrowIfNull(keyId);
        try
        {
            return ring.OpenWith(keyId, sealedBytes, Associated(purpose, keyId))
                ?? throw new EvidenceKeyException(keyId, $"The secret of {purpose} is sealed under key '{keyId}', which is not configured (Evidence:Keys:{keyId}): restore that key, or set the secret again.");
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new EvidenceIntegrityException($"The secret of {purpose} does not open under key '{keyId}' (altered, or another's).", e);
        }
    }

    private static byte[] Associated(string purpose, string keyId) => Encoding.UTF8.GetBytes($"{FormatTag}:{purpose}:key:{keyId}");
}
