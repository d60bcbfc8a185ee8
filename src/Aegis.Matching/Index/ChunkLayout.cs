using System.Numerics;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Index;

/// <summary>
/// How multi-index hashing splits the 256 bits: m contiguous chunks of b or b−1 bits, with b chosen
/// from the number of entries so that there are about as many buckets per chunk as entries
/// (b = ⌈log2 N⌉, clamped to 16..24): 10M entries → 11 chunks of 23–24 bits; 1M → 13 of 19–20.
/// </summary>
internal sealed class ChunkLayout
{
    public const int MinBits = 16;
    public const int MaxBits = 24;

    private readonly int[]?[] _radii = new int[]?[PdqHash.BitCount + 1];

    private ChunkLayout(int[] widths)
    {
        Widths = widths;
        Starts = new int[widths.Length];
        for (var i = 1; i < widths.Length; i++)
        {
            Starts[i] = Starts[i - 1] + widths[i - 1];
        }
    }

    /// <summary>Bits in each chunk, widest first.</summary>
    public int[] Widths { get; }

    /// <summary>First bit of each chunk.</summary>
    public int[] Starts { get; }

    public int Count => Widths.Length;

    public static ChunkLayout For(long entries)
    {
        var bits = Math.Clamp(64 - BitOperations.LeadingZeroCount((ulong)Math.Max(entries - 1, 1)), MinBits, MaxBits);
        var count = (PdqHash.BitCount + bits - 1) / bits;
        var widths = new int[count];
        var wide = PdqHash.BitCount - (count * (bits - 1));
        for (var i = 0; i < count; i++)
        {
            widths[i] = i < wide ? bits : bits - 1;
        }

        return new ChunkLayout(widths);
    }

    /// <summary>The value of chunk <paramref name="chunk"/> of <paramref name="hash"/>.</summary>
    public uint Extract(in PdqHash hash, int chunk)
    {
        var start = Starts[chunk];
        var width = Widths[chunk];
        var word = start >> 6;
        var offset = start & 63;
        var value = Word(hash, word) >> offset;
        if (offset + width > 64)
        {
            value |= Word(hash, word + 1) << (64 - offset);
        }

        return (uint)(value & ((1UL << width) - 1));
    }

    /// <summary>
    /// Search radius per chunk so that every hash within <paramref name="maxDistance"/> shares a
    /// chunk within its radius with the query (pigeonhole: Σ(rᵢ + 1) > d). −1 means the chunk is
    /// not probed: for small d, d + 1 exact chunks (the widest) suffice. Extra radius goes to the widest chunks,
    /// whose buckets are sparsest.
    /// </summary>
    public int[] Radii(int maxDistance) =>
        _radii[maxDistance] ??= ComputeRadii(maxDistance);

    private int[] ComputeRadii(int maxDistance)
    {
        var radii = new int[Count];
        var needed = maxDistance + 1;
        if (needed <= Count)
        {
            Array.Fill(radii, -1);
            radii.AsSpan(0, needed).Clear();

            return radii;
        }

        var extra = needed - Count;
        for (var i = 0; i < Count; i++)
        {
            radii[i] = (extra / Count) + (i < extra % Count ? 1 : 0);
        }

        return radii;
    }

    private static ulong Word(in PdqHash hash, int index) => index switch
    {
        0 => hash.W0,
        1 => hash.W1,
        2 => hash.W2,
        _ => hash.W3,
    };
}
