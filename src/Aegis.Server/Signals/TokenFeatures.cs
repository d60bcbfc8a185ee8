namespace Aegis.Server.Signals;

/// <summary>
/// A message's input to a platform's model (docs/signals.md, "A platform's own model"): each normalised token, and
/// each pair of neighbouring tokens as <c>"a b"</c>, hashed with FNV-1a 32-bit over its UTF-8 bytes into bucket
/// <c>hash mod N</c>, and the bucket counts one up. No allocation.
/// </summary>
internal static class TokenFeatures
{
    /// <summary>FNV-1a's 32-bit offset basis.</summary>
    public const uint OffsetBasis = 2166136261;

    /// <summary>FNV-1a's 32-bit prime.</summary>
    public const uint Prime = 16777619;

    /// <summary>Clears <paramref name="buckets"/> and counts <paramref name="tokens"/> and their bigrams into it.</summary>
    public static void Count(IReadOnlyList<string> tokens, Span<float> buckets)
    {
        buckets.Clear();
        var n = (uint)buckets.Length;
        var previous = 0u;
        for (var i = 0; i < tokens.Count; i++)
        {
            var hash = Hash(OffsetBasis, tokens[i]);
            buckets[(int)(hash % n)]++;
            if (i > 0)
            {
                var bigram = Hash((previous ^ ' ') * Prime, tokens[i]); // "a b": a's hash carried on through the space
                buckets[(int)(bigram % n)]++;
            }

            previous = hash;
        }
    }

    /// <summary>FNV-1a 32-bit of <paramref name="text"/>'s UTF-8 bytes (a lone surrogate as U+FFFD), from <paramref name="hash"/>.</summary>
    public static uint Hash(uint hash, string text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var j = 0; j < length; j++)
            {
                hash = (hash ^ utf8[j]) * Prime;
            }
        }

        return hash;
    }
}
