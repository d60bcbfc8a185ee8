using System.Security.Cryptography;
using System.Text;

namespace Aegis.CyberTip.Evidence;

/// <summary>
/// The vault's master keys (AES-256, 32 bytes each) by id, and the current one, which wraps every new item's data key.
/// Rotation: add a new key, make it current, re-wrap (<see cref="EvidenceCipher.Rewrap"/>); an old key may be removed
/// once no item is wrapped under it. Keys never leave this object except through the configuration they came from.
/// </summary>
public sealed class KeyRing
{
    /// <summary>A master key's length: AES-256.</summary>
    public const int KeyBytes = 32;

    /// <summary>The longest key id (it is stored with every item).</summary>
    public const int MaxKeyIdLength = 64;

    private readonly Dictionary<string, byte[]> _keys;

    /// <param name="keys">Every key by id (32 bytes each).</param>
    /// <param name="currentKeyId">The key new items are wrapped under; one of <paramref name="keys"/>.</param>
    /// <exception cref="ArgumentException">A key is not 32 bytes, an id is not valid, or the current key is not among them.</exception>
    public KeyRing(IReadOnlyDictionary<string, byte[]> keys, string currentKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(currentKeyId);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            if (ValidateId(id) is { } problem)
            {
                throw new ArgumentException(problem, nameof(keys));
            }

            if (key is not { Length: KeyBytes })
            {
                throw new ArgumentException($"Evidence key '{id}' is {key?.Length ?? 0} bytes; an AES-256 key is {KeyBytes}.", nameof(keys));
            }

            _keys[id] = [.. key];
        }

        if (!_keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"The current evidence key '{currentKeyId}' is not among the keys ({string.Join(", ", _keys.Keys)}).", nameof(currentKeyId));
        }

        CurrentKeyId = currentKeyId;
    }

    /// <summary>The key new items are wrapped under.</summary>
    public string CurrentKeyId { get; }

    /// <summary>Every key's id.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>True when the ring holds the key <paramref name="keyId"/>.</summary>
    public bool Contains(string keyId) => _keys.ContainsKey(keyId);

    /// <summary>A new random master key, base64 (for a key file or a setting).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>Why <paramref name="id"/> cannot name a key (letters, digits, '-', '_' and '.', 1 to 64), or null.</summary>
    public static string? ValidateId(string? id) =>
        string.IsNullOrEmpty(id) || id.Length > MaxKeyIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"An evidence key id is 1 to {MaxKeyIdLength} letters, digits, '-', '_' or '.'; got '{id}'."
            : null;

    /// <summary>A key from its base64 text.</summary>
    /// <exception cref="FormatException">Not base64 of 32 bytes.</exception>
    public static byte[] ParseKey(string id, string? base64)
    {
        try
        {
            var key = Convert.FromBase64String(base64?.Trim() ?? "");
            return key.Length == KeyBytes ? key : throw new FormatException($"Evidence:Keys:{id} is {key.Length} bytes; it must be base64 of {KeyBytes} random bytes (e.g. `openssl rand -base64 32`).");
        }
        catch (FormatException e) when (!e.Message.StartsWith("Evidence:", StringComparison.Ordinal))
        {
            throw new FormatException($"Evidence:Keys:{id} is not base64; it must be base64 of {KeyBytes} random bytes (e.g. `openssl rand -base64 32`).", e);
        }
    }

    /// <summary>Wraps <paramref name="dataKey"/> under the current key, bound to the item <paramref name="evidenceId"/>.</summary>
    internal byte[] Wrap(long evidenceId, ReadOnlySpan<byte> dataKey)
    {
        var wrapped = new byte[EvidenceCipher.NonceBytes + dataKey.Length + EvidenceCipher.TagBytes];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, EvidenceCipher.NonceBytes));
        using var aes = new AesGcm(_keys[CurrentKeyId], EvidenceCipher.TagBytes);
        aes.Encrypt(
            wrapped.AsSpan(0, EvidenceCipher.NonceBytes),
            dataKey,
            wrapped.AsSpan(EvidenceCipher.NonceBytes, dataKey.Length),
            wrapped.AsSpan(EvidenceCipher.NonceBytes + dataKey.Length),
            Associated(evidenceId, CurrentKeyId));
        return wrapped;
    }

    /// <summary>The data key of the item <paramref name="evidenceId"/>, unwrapped with <paramref name="keyId"/>.</summary>
    /// <exception cref="EvidenceKeyException">The ring has no key <paramref name="keyId"/>.</exception>
    /// <exception cref="EvidenceIntegrityException">The wrapped key was altered, or belongs to another item.</exception>
    internal byte[] Unwrap(long evidenceId, string keyId, ReadOnlySpan<byte> wrapped)
    {
        if (!_keys.TryGetValue(keyId, out var master))
        {
            throw new EvidenceKeyException(keyId, $"Evidence {evidenceId} is encrypted under key '{keyId}', which is not configured (Evidence:Keys:{keyId}): restore that key to read it.");
        }

        if (wrapped.Length != EvidenceCipher.NonceBytes + KeyBytes + EvidenceCipher.TagBytes)
        {
            throw new EvidenceIntegrityException($"Evidence {evidenceId}: its wrapped key is {wrapped.Length} bytes, not {EvidenceCipher.NonceBytes + KeyBytes + EvidenceCipher.TagBytes}.");
        }

        var dataKey = new byte[KeyBytes];
        try
        {
            using var aes = new AesGcm(master, EvidenceCipher.TagBytes);
            aes.Decrypt(
                wrapped[..EvidenceCipher.NonceBytes],
                wrapped.Slice(EvidenceCipher.NonceBytes, KeyBytes),
                wrapped[(EvidenceCipher.NonceBytes + KeyBytes)..],
                dataKey,
                Associated(evidenceId, keyId));
            return dataKey;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new EvidenceIntegrityException($"Evidence {evidenceId}: its data key does not unwrap under key '{keyId}' (altered, or another item's).", e);
        }
    }

    /// <summary>Seals <paramref name="plaintext"/> under the current key, bound to <paramref name="associated"/> (see <see cref="SecretSeal"/>).</summary>
    internal byte[] SealWithCurrent(ReadOnlySpan<byte> plaintext, byte[] associated)
    {
        var sealedBytes = new byte[EvidenceCipher.NonceBytes + plaintext.Length + EvidenceCipher.TagBytes];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, EvidenceCipher.NonceBytes));
        using var aes = new AesGcm(_keys[CurrentKeyId], EvidenceCipher.TagBytes);
        aes.Encrypt(
            sealedBytes.AsSpan(0, EvidenceCipher.NonceBytes),
            plaintext,
            sealedBytes.AsSpan(EvidenceCipher.NonceBytes, plaintext.Length),
            sealedBytes.AsSpan(EvidenceCipher.NonceBytes + plaintext.Length),
            associated);
        return sealedBytes;
    }

    /// <summary>Opens what <see cref="SealWithCurrent"/> sealed under <paramref name="keyId"/>; null when the key is not in the ring.</summary>
    /// <exception cref="AuthenticationTagMismatchException">Altered, or sealed for other associated data.</exception>
    internal byte[]? OpenWith(string keyId, ReadOnlySpan<byte> sealedBytes, byte[] associated)
    {
        if (!_keys.TryGetValue(keyId, out var master) || sealedBytes.Length < EvidenceCipher.NonceBytes + EvidenceCipher.TagBytes)
        {
            return master is null ? null : throw new AuthenticationTagMismatchException();
        }

        var plaintext = new byte[sealedBytes.Length - EvidenceCipher.NonceBytes - EvidenceCipher.TagBytes];
        using var aes = new AesGcm(master, EvidenceCipher.TagBytes);
        aes.Decrypt(
            sealedBytes[..EvidenceCipher.NonceBytes],
            sealedBytes.Slice(EvidenceCipher.NonceBytes, plaintext.Length),
            sealedBytes[(EvidenceCipher.NonceBytes + plaintext.Length)..],
            plaintext,
            associated);
        return plaintext;
    }

    private static byte[] Associated(long evidenceId, string keyId) => Encoding.UTF8.GetBytes($"{EvidenceCipher.FormatTag}:{evidenceId}:key:{keyId}");
}
