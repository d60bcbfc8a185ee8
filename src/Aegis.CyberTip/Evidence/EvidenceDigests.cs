using System.Security.Cryptography;

namespace Aegis.CyberTip.Evidence;

/// <summary>The MD5 and SHA-256 of an item's bytes, lowercase hex.</summary>
public sealed record EvidenceDigests(string Md5, string Sha256)
{
    /// <summary>Computed over <paramref name="content"/>.</summary>
    public static EvidenceDigests Of(ReadOnlySpan<byte> content) =>
        new(Convert.ToHexStringLower(MD5.HashData(content)), Convert.ToHexStringLower(SHA256.HashData(content)));
}
