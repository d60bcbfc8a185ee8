using System.Runtime.CompilerServices;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>
/// Multi-index hashing over 8 chunks of 32 bits (chunk c is bits 32c..32c+31), each bucketed on its top k bits.
/// Pigeonhole: if Σ(rᵢ + 1) > d, every hash within d of the query has some chunk whose top k bits are within rᵢ
/// of the query's (they differ in no more bits than the whole chunk does).
/// </summary>
internal static class PdqChunks
{
    public const int Count = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Chunk(in PdqHash hash, int chunk) => (uint)(Word(hash, chunk >> 1) >> ((chunk & 1) << 5));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe uint Chunk(ulong* words, int chunk) => (uint)(words[chunk >> 1] >> ((chunk & 1) << 5));

    /// <summary>The bucket of a chunk value: its top <paramref name="bits"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Key(uint chunk, int bits) => chunk >> (32 - bits);

    /// <summary>
    /// Radius per chunk for <paramref name="maxDistance"/>; −1 means the chunk is not probed (for d &lt; 8,
    /// d + 1 exact chunks suffice).
    /// </summary>
    public static void Radii(int maxDistance, Span<int> radii)
    {
        var needed = maxDistance + 1;
        if (needed <= Count)
        {
            radii.Fill(-1);
            radii[..needed].Clear();
            return;
        }

        var extra = needed - Count;
        for (var i = 0; i < Count; i++)
        {
            radii[i] = (extra / Count) + (i < extra % Count ? 1 : 0);
        }
    }

    private static ulong Word(in PdqHash hash, int index) => index switch
    {
        0 => hash.W0,
        1 => hash.W1,
        2 => hash.W2,
        _ => hash.W3,
    };
}
