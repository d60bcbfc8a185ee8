using System.Security.Cryptography;

namespace Aegis.Exchanges.AegisFeed;

/// <summary>A publisher's public key as a subscriber pins it: its id and DER SubjectPublicKeyInfo (an ECDSA P-256 key).</summary>
/// <param name="KeyId">Its id (<see cref="FeedSignature.KeyId"/>).</param>
/// <param name="Spki">DER SubjectPublicKeyInfo.</param>
public sealed record FeedPublicKey(string KeyId, byte[] Spki)
{
    /// <summary>The key as PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    public string Pem => PemEncoding.WriteString("PUBLIC KEY", Spki);

    /// <summary>The key from its DER SubjectPublicKeyInfo.</summary>
    public static FeedPublicKey FromSpki(byte[] spki) => new(FeedSignature.KeyId(spki), spki);

    /// <summary>
    /// The keys in <paramref name="text"/>: one or more PEM blocks (<c>PUBLIC KEY</c>), or base64 SubjectPublicKeyInfo
    /// separated by commas or white space (a subscriber pins the next key beside the current one during a rotation). Each
    /// must be an ECDSA P-256 key. Returns why not, naming the key, or null.
    /// </summary>
    public static string? Parse(string? text, out IReadOnlyList<FeedPublicKey> keys)
    {
        keys = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return "'public_key' is required: the publisher's public key (PEM or base64 SubjectPublicKeyInfo, from its GET /v1/feed/key or `aegis feed key`).";
        }

        var found = new List<byte[]>();
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var rest = text.AsSpan();
            while (rest.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                if (!PemEncoding.TryFind(rest, out var fields) || !rest[fields.Label].SequenceEqual("PUBLIC KEY"))
                {
                    return "'public_key' holds a PEM block that is not a PUBLIC KEY.";
                }

                found.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
                rest = rest[fields.Location.End..];
            }
        }
        else
        {
            foreach (var part in text.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    found.Add(Convert.FromBase64String(part));
                }
                catch (FormatException)
                {
                    return $"'public_key' is PEM or base64 SubjectPublicKeyInfo; '{ExchangeFields.Shorten(part)}' is neither.";
                }
            }
        }

        var parsed = new List<FeedPublicKey>(found.Count);
        foreach (var spki in found)
        {
            try
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(spki, out var read);
                if (read != spki.Length || ecdsa.KeySize != 256 || ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                {
                    return "'public_key' must be an ECDSA P-256 key.";
                }
            }
            catch (CryptographicException)
            {
                return "'public_key' is not an ECDSA P-256 public key (SubjectPublicKeyInfo).";
            }

            parsed.Add(FromSpki(spki));
        }

        keys = parsed;
        return null;
    }
}
