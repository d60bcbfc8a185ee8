using System.Security.Cryptography;
using System.Text.Json;
using Aegis.Hashing.Files;
using Aegis.Hashing.Pdq;

namespace Aegis.Console.Tests.Protect;

/// <summary>The reference pictures (tests/data/pdq, copied next to the tests) and what Aegis and .NET make of them.</summary>
internal static class ProtectVectors
{
    /// <summary>The folder of the PDQ reference pictures.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "data", "pdq");

    /// <summary>Every PNG vector, sorted.</summary>
    public static string[] Pngs => Find("*.png");

    /// <summary>Every JPEG vector, sorted.</summary>
    public static string[] Jpegs => [.. Find("*.jpg").Concat(Find("*.jpeg")).Order(StringComparer.Ordinal)];

    private static string[] Find(string pattern) => [.. Directory.GetFiles(Root, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>Aegis's PDQ of a file (<c>aegis hash</c>'s hasher).</summary>
    public static PdqResult Aegis(string path) => new ImageFileHasher().HashFile(path).Pdq;

    /// <summary>Aegis's PDQ of an image in memory.</summary>
    public static PdqResult Aegis(byte[] bytes) => new ImageFileHasher().Hash(bytes).Pdq;

    /// <summary>.NET's MD5 and SHA-256 of a file, lowercase hex.</summary>
    public static (string Md5, string Sha256) Digests(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return (Convert.ToHexStringLower(MD5.HashData(bytes)), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>The page's PDQ entries of a sent file.</summary>
    public static (PdqHash Hash, int Quality, int? Second)[] Pdq(JsonElement file) =>
        [.. file.GetProperty("pdq").EnumerateArray().Select(p => (
            PdqHash.Parse(p.GetProperty("hash").GetString()),
            p.GetProperty("quality").GetInt32(),
            p.TryGetProperty("second", out var s) ? s.GetInt32() : (int?)null))];

    /// <summary>Whether <paramref name="body"/> holds any of the file's bytes: a 32-byte slice from its middle, raw (as Latin-1 or UTF-8 text) or base64 at any alignment.</summary>
    public static bool Holds(string body, byte[] file)
    {
        var middle = Math.Max(0, (file.Length / 2) - 24);
        var slice = file.AsSpan(middle, Math.Min(32, file.Length - middle));
        if (body.Contains(System.Text.Encoding.Latin1.GetString(slice), StringComparison.Ordinal)
            || body.Contains(System.Text.Encoding.UTF8.GetString(slice), StringComparison.Ordinal)
            || body.Contains(Convert.ToHexString(slice), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A whole file in base64 puts these 48 bytes on a 3-byte boundary for one of the three starts.
        for (var shift = 0; shift < 3 && middle + shift + 48 <= file.Length; shift++)
        {
            if (body.Contains(Convert.ToBase64String(file, middle + shift, 48), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
