using System.Buffers.Text;
using System.Security.Cryptography;

namespace Aegis.Exchanges.AegisFeed;

/// <summary>
/// The hash feed's signature (docs/exchange-protocol.md, "Signature"): ECDSA over P-256 with SHA-256 of the exact bytes of
/// the response body, in the IEEE P1363 form (r then s, 32 bytes each), sent as
/// <c>Aegis-Signature: keyid=&lt;id&gt;;alg=ecdsa-p256-sha256;sig=&lt;base64url&gt;</c>. A key's id is the first 8 bytes
/// of the SHA-256 of its DER SubjectPublicKeyInfo, in lower-case hex, so anyone holding the public key can compute it.
/// </summary>
public static class FeedSignature
{
    /// <summary>The response header.</summary>
    public const string Header = "Aegis-Signature";

    /// <summary>The only algorithm.</summary>
    public const string Algorithm = "ecdsa-p256-sha256";

    /// <summary>The id of the key whose DER SubjectPublicKeyInfo is <paramref name="spki"/>.</summary>
    public static string KeyId(ReadOnlySpan<byte> spki) => Convert.ToHexStringLower(SHA256.HashData(spki)[..8]);

    /// <summary>The header's value for <paramref name="body"/> signed with <paramref name="key"/> (a P-256 private key).</summary>
    public static string Sign(ECDsa key, string keyId, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var signature = key.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"keyid={keyId};alg={Algorithm};sig={Base64Url.EncodeToString(signature)}";
    }

    /// <summary>
    /// Why <paramref name="header"/> is not a valid signature of <paramref name="body"/> by one of <paramref name="keys"/>,
    /// or null when it is. The key named by <c>keyid</c> must be one of the keys; the signature must verify under it.
    /// </summary>
    public static string? Verify(string? header, ReadOnlySpan<byte> body, IReadOnlyList<FeedPublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrWhiteSpace(header))
        {
            return $"the page has no {Header} header";
        }

        string? keyId = null, algorithm = null, signature = null;
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals < 0 ? (part, "") : (part[..equals].Trim(), part[(equals + 1)..].Trim());
            switch (name)
            {
                case "keyid": keyId = value; break;
                case "alg": algorithm = value; break;
                case "sig": signature = value; break;
            }
        }

        if (algorithm != Algorithm)
        {
            return $"the signature's algorithm is '{Shorten(algorithm)}', not {Algorithm}";
        }

        var key = keys.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null)
        {
            return $"the page is signed with key '{Shorten(keyId)}', which is not a pinned key of this exchange (pinned: {string.Join(", ", keys.Select(k => k.KeyId))})";
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(signature ?? "");
        }
        catch (FormatException)
        {
            return "the signature is not base64url";
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.Spki, out _);
        return bytes.Length == 64 && ecdsa.VerifyData(body, bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? null
            : $"the signature does not verify under key '{key.KeyId}' (the page was altered, or signed by another key)";
    }

    private static string Shorten(string? text) => text is null ? "" : ExchangeFields.Shorten(text);
}
