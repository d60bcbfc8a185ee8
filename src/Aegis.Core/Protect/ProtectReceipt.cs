using System.Security.Cryptography;
using System.Text;

namespace Aegis.Core.Protect;

/// <summary>
/// The receipt code a person keeps to see and withdraw what they submitted, without an account: 20 characters of
/// Crockford's base 32 (100 random bits) in groups of five. Only its SHA-256 is stored; read back forgivingly (case,
/// spaces and dashes ignored; O read as 0, I and L as 1).
/// </summary>
public static class ProtectReceipt
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 20;

    /// <summary>A new random code, e.g. <c>7K3QD-X9M2B-...</c>.</summary>
    public static string New()
    {
        Span<byte> random = stackalloc byte[Length];
        RandomNumberGenerator.Fill(random);
        var text = new StringBuilder(Length + 3);
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && i % 5 == 0)
            {
                text.Append('-');
            }

            text.Append(Alphabet[random[i] & 31]);
        }

        return text.ToString();
    }

    /// <summary>The stored key of a code (SHA-256 of its normal form, hex), or null when it cannot be a code.</summary>
    public static string? Key(string? code)
    {
        if (code is null || code.Length > 64)
        {
            return null;
        }

        var normal = new StringBuilder(Length);
        foreach (var ch in code)
        {
            if (ch is '-' or ' ')
            {
                continue;
            }

            var c = char.ToUpperInvariant(ch) switch { 'O' => '0', 'I' or 'L' => '1', var x => x };
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            normal.Append(c);
        }

        return normal.Length == Length ? Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normal.ToString()))) : null;
    }
}
