using System.Security.Cryptography;
using System.Text;

namespace Aegis.CyberTip.Evidence;

/// <summary>
/// Envelope encryption of one preserved item: AES-256-GCM under a random data key of its own, the data key wrapped by
/// the ring's current master key. The content and its metadata are each bound (associated data) to the item's id, so a
/// ciphertext moved to another row, or a wrapped key swapped between items, fails its tag. Every read checks the tags
/// and then the SHA-256 of the bytes kept in the metadata; a failure is an <see cref="EvidenceIntegrityException"/>,
/// and the caller's buffer is cleared so no partly decrypted byte survives.
/// </summary>
/// <remarks>
/// The content is encrypted and decrypted in place: the caller's buffer holds the upload, and the vault must not hold a
/// second copy of a video the size of the request limit. GCM keeps the length, so the ciphertext is as long as the bytes.
/// </remarks>
public static class EvidenceCipher
{
    /// <summary>Names the format in every associated data, so it can change one day.</summary>
    public const string FormatTag = "aegis-evidence-v1";

    public const int NonceBytes = 12;

    public const int TagBytes = 16;

    /// <summary>
    /// Encrypts <paramref name="content"/> in place and seals <paramref name="metadata"/> (its <c>Size</c>,
    /// <c>Sha256</c> and <c>Md5</c> set from the bytes first) for the item <paramref name="evidenceId"/>.
    /// </summary>
    /// <returns>What to store beside the ciphertext, and the metadata as sealed.</returns>
    /// <param name="ring">The master keys.</param>
    /// <param name="evidenceId">The item (bound into the associated data).</param>
    /// <param name="content">The bytes, encrypted in place.</param>
    /// <param name="metadata">What is sealed with them.</param>
    /// <param name="digests">
    /// The bytes' MD5 and SHA-256 when the caller computed them already over these very bytes (the gate, as the body
    /// arrived): a 52 MB video is not hashed twice. Computed here otherwise.
    /// </param>
    public static (SealedEvidence Sealed, EvidenceMetadata Metadata) Seal(KeyRing ring, long evidenceId, Span<byte> content, EvidenceMetadata metadata, EvidenceDigests? digests = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(metadata);
        var known = digests ?? EvidenceDigests.Of(content);
        metadata = metadata with { Size = content.Length, Sha256 = known.Sha256, Md5 = known.Md5 };
        var dataKey = RandomNumberGenerator.GetBytes(KeyRing.KeyBytes);
        try
        {
            using var aes = new AesGcm(dataKey, TagBytes);
            var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
            var tag = new byte[TagBytes];
            aes.Encrypt(nonce, content, content, tag, Associated(evidenceId, "content"));
            var sealedMetadata = SealMetadata(aes, evidenceId, metadata.ToUtf8());
            return (new SealedEvidence(ring.CurrentKeyId, ring.Wrap(evidenceId, dataKey), nonce, tag, sealedMetadata), metadata);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The metadata alone (no bytes read): for listing, idempotent uploads and the CyberTipline report.</summary>
    /// <exception cref="EvidenceKeyException">The item's master key is not in the ring.</exception>
    /// <exception cref="EvidenceIntegrityException">The wrapped key or the metadata was altered, or is another item's.</exception>
    public static EvidenceMetadata OpenMetadata(KeyRing ring, long evidenceId, SealedEvidence item)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(item);
        var dataKey = ring.Unwrap(evidenceId, item.KeyId, item.WrappedKey);
        try
        {
            using var aes = new AesGcm(dataKey, TagBytes);
            return OpenMetadata(aes, evidenceId, item.Metadata);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Decrypts <paramref name="content"/> (the ciphertext) in place and checks it: the GCM tag, then the length and
    /// SHA-256 the metadata holds. On any failure the buffer is cleared before the exception leaves.
    /// </summary>
    /// <exception cref="EvidenceKeyException">The item's master key is not in the ring.</exception>
    /// <exception cref="EvidenceIntegrityException">Anything was altered, or belongs to another item.</exception>
    public static EvidenceMetadata Open(KeyRing ring, long evidenceId, SealedEvidence item, Span<byte> content)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(item);
        byte[]? dataKey = null;
        try
        {
            dataKey = ring.Unwrap(evidenceId, item.KeyId, item.WrappedKey);
            using var aes = new AesGcm(dataKey, TagBytes);
            var metadata = OpenMetadata(aes, evidenceId, item.Metadata);
            if (metadata.Size != content.Length)
            {
                throw new EvidenceIntegrityException($"Evidence {evidenceId}: {content.Length} bytes are stored; {metadata.Size} were preserved.");
            }

            try
            {
                aes.Decrypt(item.ContentNonce, content, item.ContentTag, content, Associated(evidenceId, "content"));
            }
            catch (AuthenticationTagMismatchException e)
            {
                throw new EvidenceIntegrityException($"Evidence {evidenceId}: its bytes fail their GCM tag (altered, or another item's).", e);
            }

            if (!Convert.ToHexStringLower(SHA256.HashData(content)).Equals(metadata.Sha256, StringComparison.Ordinal))
            {
                throw new EvidenceIntegrityException($"Evidence {evidenceId}: its bytes decrypt, but their SHA-256 is not the one preserved.");
            }

            return metadata;
        }
        catch (EvidenceIntegrityException)
        {
            content.Clear();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The item's data key re-wrapped under the ring's current key; its ciphertext and metadata are unchanged.</summary>
    /// <exception cref="EvidenceKeyException">The item's master key is not in the ring.</exception>
    /// <exception cref="EvidenceIntegrityException">The wrapped key was altered, or is another item's.</exception>
    public static SealedEvidence Rewrap(KeyRing ring, long evidenceId, SealedEvidence item)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(item);
        var dataKey = ring.Unwrap(evidenceId, item.KeyId, item.WrappedKey);
        try
        {
            return item with { KeyId = ring.CurrentKeyId, WrappedKey = ring.Wrap(evidenceId, dataKey) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static byte[] SealMetadata(AesGcm aes, long evidenceId, byte[] plaintext)
    {
        var sealedMetadata = new byte[NonceBytes + plaintext.Length + TagBytes];
        RandomNumberGenerator.Fill(sealedMetadata.AsSpan(0, NonceBytes));
        aes.Encrypt(
            sealedMetadata.AsSpan(0, NonceBytes),
            plaintext,
            sealedMetadata.AsSpan(NonceBytes, plaintext.Length),
            sealedMetadata.AsSpan(NonceBytes + plaintext.Length),
            Associated(evidenceId, "metadata"));
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedMetadata;
    }

    private static EvidenceMetadata OpenMetadata(AesGcm aes, long evidenceId, byte[] sealedMetadata)
    {
        if (sealedMetadata.Length < NonceBytes + TagBytes)
        {
            throw new EvidenceIntegrityException($"Evidence {evidenceId}: its metadata is cut short.");
        }

        var plaintext = new byte[sealedMetadata.Length - NonceBytes - TagBytes];
        try
        {
            aes.Decrypt(
                sealedMetadata.AsSpan(0, NonceBytes),
                sealedMetadata.AsSpan(NonceBytes, plaintext.Length),
                sealedMetadata.AsSpan(NonceBytes + plaintext.Length),
                plaintext,
                Associated(evidenceId, "metadata"));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new EvidenceIntegrityException($"Evidence {evidenceId}: its metadata fails its GCM tag (altered, or another item's).", e);
        }

        return EvidenceMetadata.FromUtf8(plaintext);
    }

    private static byte[] Associated(long evidenceId, string part) => Encoding.UTF8.GetBytes($"{FormatTag}:{evidenceId}:{part}");
}
