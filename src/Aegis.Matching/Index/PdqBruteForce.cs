using System.Numerics;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Index;

/// <summary>Linear scan with popcount: the index's small delta, the tests' oracle and the benchmark baseline.</summary>
internal static class PdqBruteForce
{
    /// <summary>Calls back every i with distance(hashes[i], query) ≤ maxDistance.</summary>
    public static void Scan(ReadOnlySpan<PdqHash> hashes, in PdqHash query, int maxDistance, Action<int, int> found)
    {
        for (var i = 0; i < hashes.Length; i++)
        {
            var distance = Distance(hashes[i], query);
            if (distance <= maxDistance)
            {
                found(i, distance);
            }
        }
    }

    /// <summary>Number of hashes within the distance (no callback: the benchmark's tight loop).</summary>
    public static int Count(ReadOnlySpan<PdqHash> hashes, in PdqHash query, int maxDistance)
    {
        var found = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (Distance(hashes[i], query) <= maxDistance)
            {
                found++;
            }
        }

        return found;
    }

    private static int Distance(in PdqHash a, in PdqHash b) =>
        BitOperations.PopCount(a.W0 ^ b.W0) + BitOperations.PopCount(a.W1 ^ b.W1) +
        BitOperations.PopCount(a.W2 ^ b.W2) + BitOperations.PopCount(a.W3 ^ b.W3);
}
