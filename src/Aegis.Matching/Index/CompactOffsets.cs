using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Aegis.Matching.Index;

/// <summary>
/// The bucket boundaries of one chunk's postings in 1.25 bytes a bucket instead of 4: a 32-bit base
/// per block of 16 buckets and, per bucket, its end within the block as a byte. A block holding
/// more than 255 postings (a skewed list, e.g. many near-identical hashes) makes the chunk fall
/// back to plain 32-bit offsets.
/// </summary>
internal sealed class CompactOffsets
{
    private const int BlockShift = 4;
    private const int BlockSize = 1 << BlockShift;

    private readonly uint[]? _blockBase;
    private readonly byte[]? _endInBlock;
    private readonly uint[]? _plain;

    /// <summary>Builds from per-bucket counts (length 2^bits).</summary>
    public CompactOffsets(uint[] counts)
    {
        var blocks = counts.Length >> BlockShift;
        var blockBase = GC.AllocateUninitializedArray<uint>(blocks + 1, pinned: true);
        var endInBlock = HugePages.Allocate<byte>(counts.Length);
        uint total = 0;
        for (var b = 0; b < blocks; b++)
        {
            blockBase[b] = total;
            uint inBlock = 0;
            for (var i = b << BlockShift; i < (b + 1) << BlockShift; i++)
            {
                inBlock += counts[i];
                if (inBlock > byte.MaxValue)
                {
                    _plain = Plain(counts);
                    return;
                }

                endInBlock[i] = (byte)inBlock;
            }

            total += inBlock;
        }

        blockBase[blocks] = total;
        _blockBase = blockBase;
        _endInBlock = endInBlock;
    }

    public long Bytes => _plain is not null ? _plain.Length * 4L : (_blockBase!.Length * 4L) + _endInBlock!.Length;

    /// <summary>Asks the CPU to start loading what <see cref="Range"/> will read for <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(uint key)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        // The arrays are pinned, so their addresses are stable.
        if (_plain is not null)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_plain), key)));
            return;
        }

        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_endInBlock!), key)));
    }

    /// <summary>The postings range [start, end) of bucket <paramref name="key"/>.</summary>
    public (uint Start, uint End) Range(uint key)
    {
        if (_plain is not null)
        {
            return (_plain[key], _plain[key + 1]);
        }

        var block = _blockBase![key >> BlockShift];
        var start = (key & (BlockSize - 1)) == 0 ? 0u : _endInBlock![key - 1];
        return (block + start, block + _endInBlock![key]);
    }

    private static uint[] Plain(uint[] counts)
    {
        var plain = GC.AllocateArray<uint>(counts.Length + 1, pinned: true);
        for (var i = 0; i < counts.Length; i++)
        {
            plain[i + 1] = plain[i] + counts[i];
        }

        return plain;
    }
}
