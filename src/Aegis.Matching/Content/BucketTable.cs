using System.Runtime.CompilerServices;

namespace Aegis.Matching.Content;

/// <summary>
/// Where each bucket's entries start and end in a list sorted by bucket, in 1.25 bytes a bucket: per block of 16
/// buckets a 32-bit start, and per bucket its end within the block as a byte. A block holding more than 255
/// entries (many copies of one hash) is an overflow block instead: its 32-bit word has the top bit set and points
/// to 17 plain 32-bit positions (its start and 16 ends) kept after the bytes, so a skewed chunk costs 68 bytes per
/// crowded block, never the whole table.
/// </summary>
/// <remarks>Layout: <c>uint starts[buckets / 16]; byte ends[buckets]; uint overflow[17 × overflowBlocks]</c>.</remarks>
internal static unsafe class BucketTable
{
    public const int MinBits = 4;
    private const int BlockShift = 4;
    private const int BlockSize = 1 << BlockShift;
    private const int OverflowStride = BlockSize + 1;
    private const uint OverflowFlag = 0x8000_0000;

    /// <summary>Bytes of the fixed part (starts and ends) for 2^<paramref name="bits"/> buckets.</summary>
    public static long FixedBytes(int bits) => ((1L << bits) >> BlockShift) * 4 + (1L << bits);

    /// <summary>Bytes of a table with <paramref name="overflowBlocks"/> overflow blocks.</summary>
    public static long Bytes(int bits, int overflowBlocks) => FixedBytes(bits) + (overflowBlocks * OverflowStride * 4L);

    /// <summary>Whether <paramref name="length"/> is a possible table length for 2^<paramref name="bits"/> buckets.</summary>
    public static bool IsValidLength(int bits, long length) =>
        length >= FixedBytes(bits) && (length - FixedBytes(bits)) % (OverflowStride * 4) == 0;

    /// <summary>Blocks of 16 buckets whose counts add up to more than a byte holds.</summary>
    public static int CountOverflowBlocks(ReadOnlySpan<uint> counts)
    {
        var overflow = 0;
        for (var block = 0; block < counts.Length; block += BlockSize)
        {
            uint total = 0;
            for (var i = block; i < block + BlockSize; i++)
            {
                total += counts[i];
            }

            if (total > byte.MaxValue)
            {
                overflow++;
            }
        }

        return overflow;
    }

    /// <summary>
    /// Writes the table for these per-bucket counts and turns <paramref name="counts"/> into each bucket's start,
    /// ready for scattering the entries.
    /// </summary>
    public static void Write(byte* table, Span<uint> counts)
    {
        var blocks = counts.Length >> BlockShift;
        var starts = (uint*)table;
        var ends = table + (blocks * 4L);
        var overflow = (uint*)(ends + counts.Length);
        uint position = 0;
        uint overflowIndex = 0;
        for (var block = 0; block < blocks; block++)
        {
            var first = block << BlockShift;
            uint total = 0;
            for (var i = first; i < first + BlockSize; i++)
            {
                total += counts[i];
            }

            if (total > byte.MaxValue)
            {
                starts[block] = OverflowFlag | overflowIndex;
                var plain = overflow + (overflowIndex * (long)OverflowStride);
                plain[0] = position;
                overflowIndex++;
                for (var i = 0; i < BlockSize; i++)
                {
                    var count = counts[first + i];
                    counts[first + i] = position;
                    position += count;
                    plain[i + 1] = position;
                }

                continue;
            }

            starts[block] = position;
            uint inBlock = 0;
            for (var i = first; i < first + BlockSize; i++)
            {
                var count = counts[i];
                counts[i] = position + inBlock;
                inBlock += count;
                ends[i] = (byte)inBlock;
            }

            position += inBlock;
        }
    }

    /// <summary>
    /// The entries [start, end) of bucket <paramref name="key"/>; throws if the table points outside
    /// <paramref name="entries"/> (a damaged file that still passed its checksum).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint Start, uint End) Range(byte* table, long tableLength, int bits, uint key, uint entries)
    {
        var buckets = 1u << bits;
        var blocks = buckets >> BlockShift;
        var word = ((uint*)table)[key >> BlockShift];
        uint start, end;
        if ((word & OverflowFlag) == 0)
        {
            var ends = table + (blocks * 4L);
            var j = key & (BlockSize - 1);
            start = word + (j == 0 ? 0u : ends[key - 1]);
            end = word + ends[key];
        }
        else
        {
            var index = (long)(word & ~OverflowFlag) * OverflowStride;
            var overflowWords = (tableLength - FixedBytes(bits)) / 4;
            if (index + OverflowStride > overflowWords)
            {
                throw Damaged();
            }

            var plain = (uint*)(table + FixedBytes(bits)) + index;
            var j = key & (BlockSize - 1);
            start = plain[j];
            end = plain[j + 1];
        }

        if (start > end || end > entries)
        {
            throw Damaged();
        }

        return (start, end);
    }

    private static ContentSnapshotException Damaged() => new("A content index segment's bucket table points outside the segment.");
}
