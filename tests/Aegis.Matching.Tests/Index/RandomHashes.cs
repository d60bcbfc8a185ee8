using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Tests.Index;

/// <summary>Random PDQ hashes and planted near-duplicates (random bits, not hashes of any image).</summary>
internal static class RandomHashes
{
    public static PdqHash Next(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return new PdqHash(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]), BitConverter.ToUInt64(bytes[16..]), BitConverter.ToUInt64(bytes[24..]));
    }

    /// <summary>A copy of <paramref name="hash"/> with exactly <paramref name="bits"/> distinct bits flipped.</summary>
    public static PdqHash Flip(PdqHash hash, int bits, Random random)
    {
        Span<ulong> w = [hash.W0, hash.W1, hash.W2, hash.W3];
        var chosen = new HashSet<int>();
        while (chosen.Count < bits)
        {
            chosen.Add(random.Next(256));
        }

        foreach (var bit in chosen)
        {
            w[bit >> 6] ^= 1UL << (bit & 63);
        }

        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    public static PdqHash[] Many(int count, int seed)
    {
        var random = new Random(seed);
        var hashes = new PdqHash[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = Next(random);
        }

        return hashes;
    }
}
