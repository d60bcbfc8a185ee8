using System.Runtime.CompilerServices;

namespace Aegis.Matching.Content;

/// <summary>
/// Builds a segment from sources that are each sorted by row (a sealed tail, or the segments a merge combines),
/// streaming: the new segment's block is the only large allocation; the rest is a slot map (4 B an item) and one
/// chunk's bucket counts at a time, all outside the GC heap.
/// </summary>
internal static unsafe class SegmentBuilder
{
    public static Segment Build(IReadOnlyList<ISegmentSource> sources, long generation)
    {
        var total = sources.Sum(s => (long)s.Count);
        if (total is 0 or > int.MaxValue - 64)
        {
            throw new InvalidOperationException($"A segment holds 1 to {int.MaxValue - 64:N0} items; asked for {total:N0}.");
        }

        // Pass 1: the merged row order, as a slot for each source position (−1: that row is already in).
        var slots = new NativeArray<int>[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            slots[i] = new NativeArray<int>(sources[i].Count);
        }

        using var bases = new NativeArray<long>(SegmentHeader.RowBlocks((int)total));
        try
        {
            return Build(sources, generation, slots, bases);
        }
        finally
        {
            foreach (var s in slots)
            {
                s.Dispose();
            }
        }
    }

    private static Segment Build(IReadOnlyList<ISegmentSource> sources, long generation, NativeArray<int>[] slots, NativeArray<long> bases)
    {
        var (items, pdqItems, widestSpan, lastRow, dropped) = Merge(sources, slots, bases);
        var md5Items = CountDigests(sources, dropped, DigestKind.Md5);
        var shaItems = CountDigests(sources, dropped, DigestKind.Sha256);
        var bits = SegmentHeader.BucketBitsFor(pdqItems);
        using var counts = new NativeArray<uint>(pdqItems == 0 ? 0 : 1 << bits);
        var rowWidth = SegmentHeader.RowWidthFor(widestSpan);

        // The tables come last in the block, each as long as its overflow blocks make it: the block is mapped for the
        // most they could take, and the pages past the last table are never touched (so never resident).
        Span<int> overflow = stackalloc int[PdqChunks.Count];
        overflow.Fill(SegmentHeader.MaxOverflowBlocks(pdqItems));
        var capacity = SegmentHeader.Create(items, pdqItems, md5Items, shaItems, bases[0], lastRow, rowWidth, overflow);
        var region = MemoryRegion.Allocate(capacity.FileLength);
        try
        {
            WriteItems(sources, slots, capacity, region, bases);
            WriteDigests(sources, dropped, capacity, region, DigestKind.Md5);
            WriteDigests(sources, dropped, capacity, region, DigestKind.Sha256);
            var tableAt = capacity.Offsets[SegmentHeader.FirstTable];
            using var pairs = new NativeArray<ulong>(pdqItems);
            using var spare = new NativeArray<ulong>(pdqItems);
            for (var c = 0; c < PdqChunks.Count && pdqItems > 0; c++)
            {
                overflow[c] = WriteChunk(capacity, region, c, counts, pairs, spare, tableAt);
                tableAt = SegmentHeader.Align(tableAt + BucketTable.Bytes(bits, overflow[c]));
            }

            var header = SegmentHeader.Create(items, pdqItems, md5Items, shaItems, bases[0], lastRow, rowWidth, overflow);
            header.Write(new Span<byte>(region.Pointer, SegmentHeader.Size), checksum: 0);
            return new Segment(region, header, generation, path: null);
        }
        catch
        {
            region.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Numbers the items in row order (each source position's slot, −1 for a row already taken from an earlier
    /// source) and returns the counts, the widest row span within a 64-slot block, the last row, and the dropped
    /// (source, row) pairs if any (never, while every row is added once).
    /// </summary>
    private static (int Items, int PdqItems, ulong WidestSpan, long LastRow, HashSet<(int Source, long Row)>? Dropped) Merge(
        IReadOnlyList<ISegmentSource> sources, NativeArray<int>[] slots, NativeArray<long> bases)
    {
        HashSet<(int Source, long Row)>? dropped = null;
        var cursors = new int[sources.Count];
        int items = 0, pdqItems = 0;
        ulong widest = 0;
        var last = long.MinValue;
        while (true)
        {
            var best = -1;
            var bestRow = 0L;
            for (var i = 0; i < sources.Count; i++)
            {
                if (cursors[i] < sources[i].Count)
                {
                    var row = sources[i].Row(cursors[i]);
                    if (best < 0 || row < bestRow)
                    {
                        (best, bestRow) = (i, row);
                    }
                }
            }

            if (best < 0)
            {
                return (items, pdqItems, widest, last, dropped);
            }

            var position = cursors[best]++;
            if (items > 0 && bestRow <= last)
            {
                // Sources are sorted, so only an equal row can come back here: a duplicate, kept once.
                slots[best][position] = bestRow == last ? -1 : throw new InvalidOperationException("A segment source is not sorted by row.");
                (dropped ??= []).Add((best, bestRow));
                continue;
            }

            if ((items & 63) == 0)
            {
                bases[items >> 6] = bestRow;
            }
            else
            {
                widest = Math.Max(widest, unchecked((ulong)(bestRow - bases[items >> 6])));
            }

            slots[best][position] = items;
            pdqItems += sources[best].HasPdq(position) ? 1 : 0;
            last = bestRow;
            items++;
        }
    }

    private static int CountDigests(IReadOnlyList<ISegmentSource> sources, HashSet<(int Source, long Row)>? dropped, DigestKind kind)
    {
        var count = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            if (dropped is null)
            {
                count += sources[i].DigestCount(kind);
                continue;
            }

            for (var d = 0; d < sources[i].DigestCount(kind); d++)
            {
                count += dropped.Contains((i, sources[i].FingerprintRow(kind, d))) ? 0 : 1;
            }
        }

        return count;
    }

    private static void WriteItems(IReadOnlyList<ISegmentSource> sources, NativeArray<int>[] slots, SegmentHeader header, MemoryRegion region, NativeArray<long> bases)
    {
        var hashes = (ulong*)(region.Pointer + header.Offsets[SegmentHeader.Hashes]);
        var bitmap = (ulong*)(region.Pointer + header.Offsets[SegmentHeader.PdqBitmap]);
        var deltas = region.Pointer + header.Offsets[SegmentHeader.RowDeltas];
        bases.Span(SegmentHeader.RowBlocks(header.Items))
            .CopyTo(new Span<long>(region.Pointer + header.Offsets[SegmentHeader.RowBases], (int)SegmentHeader.RowBlocks(header.Items)));
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            for (var p = 0; p < source.Count; p++)
            {
                var slot = slots[i][p];
                if (slot < 0)
                {
                    continue;
                }

                var delta = unchecked((ulong)(source.Row(p) - bases[slot >> 6]));
                switch (header.RowWidth)
                {
                    case 2:
                        ((ushort*)deltas)[slot] = (ushort)delta;
                        break;
                    case 4:
                        ((uint*)deltas)[slot] = (uint)delta;
                        break;
                    default:
                        ((ulong*)deltas)[slot] = delta;
                        break;
                }

                if (source.HasPdq(p))
                {
                    var hash = source.Pdq(p);
                    var h = hashes + (slot * 4L);
                    (h[0], h[1], h[2], h[3]) = (hash.W0, hash.W1, hash.W2, hash.W3);
                    bitmap[slot >> 6] |= 1UL << (slot & 63);
                }
            }
        }
    }

    /// <summary>
    /// One chunk's bucket table (at <paramref name="tableAt"/>) and postings: slots sorted by bucket, ascending
    /// within a bucket. Returns the table's overflow blocks.
    /// </summary>
    /// <remarks>
    /// A counting sort straight into 2^k buckets would make three random accesses per item into arrays of tens of
    /// megabytes (10M items: 2 billion cache misses over a rebuild, minutes on this VM). Instead the (bucket, slot)
    /// pairs are radix-sorted in two stable passes of at most 12 bits, each writing to at most 4,096 places at a
    /// time, and the counts and postings are then read off in order.
    /// </remarks>
    private static int WriteChunk(
        SegmentHeader header, MemoryRegion region, int chunk, NativeArray<uint> counts, NativeArray<ulong> pairs, NativeArray<ulong> spare, long tableAt)
    {
        var bits = header.BucketBits;
        var hashes = (ulong*)(region.Pointer + header.Offsets[SegmentHeader.Hashes]);
        var bitmap = (ulong*)(region.Pointer + header.Offsets[SegmentHeader.PdqBitmap]);
        var n = 0;
        for (var slot = 0; slot < header.Items; slot++)
        {
            if ((bitmap[slot >> 6] & (1UL << (slot & 63))) != 0)
            {
                pairs[n++] = ((ulong)PdqChunks.Key(PdqChunks.Chunk(hashes + (slot * 4L), chunk), bits) << 32) | (uint)slot;
            }
        }

        var low = bits / 2;
        RadixPass(pairs.Pointer, spare.Pointer, n, 32, low);
        RadixPass(spare.Pointer, pairs.Pointer, n, 32 + low, bits - low);

        var countSpan = counts.Span(counts.Length);
        countSpan.Clear();
        for (var i = 0; i < n; i++)
        {
            countSpan[(int)(pairs[i] >> 32)]++;
        }

        var overflow = BucketTable.CountOverflowBlocks(countSpan);
        BucketTable.Write(region.Pointer + tableAt, countSpan);
        var postings = region.Pointer + header.Offsets[SegmentHeader.FirstPostings + chunk];
        for (var i = 0; i < n; i++)
        {
            WriteSlot(postings, i, header.SlotWidth, (int)(uint)pairs[i]);
        }

        return overflow;
    }

    /// <summary>One stable counting pass of a radix sort on <paramref name="digitBits"/> bits from bit <paramref name="shift"/>.</summary>
    private static void RadixPass(ulong* source, ulong* destination, int n, int shift, int digitBits)
    {
        Span<int> positions = stackalloc int[1 << digitBits];
        var mask = (1UL << digitBits) - 1;
        for (var i = 0; i < n; i++)
        {
            positions[(int)((source[i] >> shift) & mask)]++;
        }

        var total = 0;
        for (var d = 0; d < positions.Length; d++)
        {
            (positions[d], total) = (total, total + positions[d]);
        }

        for (var i = 0; i < n; i++)
        {
            var v = source[i];
            destination[positions[(int)((v >> shift) & mask)]++] = v;
        }
    }

    /// <summary>
    /// Merges the sources' fingerprint lists (each sorted) into the segment's, rows carried along: a merge reads and
    /// writes these lists in order, with no lookup per entry.
    /// </summary>
    private static void WriteDigests(
        IReadOnlyList<ISegmentSource> sources, HashSet<(int Source, long Row)>? dropped, SegmentHeader header, MemoryRegion region, DigestKind kind)
    {
        var fingerprints = (ulong*)(region.Pointer + header.Offsets[kind == DigestKind.Md5 ? SegmentHeader.Md5Fingerprints : SegmentHeader.ShaFingerprints]);
        var rows = region.Pointer + header.Offsets[kind == DigestKind.Md5 ? SegmentHeader.Md5Rows : SegmentHeader.ShaRows];
        var width = header.DigestRowWidth;
        var cursors = new int[sources.Count];
        var ends = sources.Select(s => s.DigestCount(kind)).ToArray();
        long written = 0;
        while (true)
        {
            var best = -1;
            var bestFingerprint = 0UL;
            for (var i = 0; i < sources.Count; i++)
            {
                if (cursors[i] < ends[i])
                {
                    var f = sources[i].Fingerprint(kind, cursors[i]);
                    if (best < 0 || f < bestFingerprint)
                    {
                        (best, bestFingerprint) = (i, f);
                    }
                }
            }

            if (best < 0)
            {
                return;
            }

            var row = sources[best].FingerprintRow(kind, cursors[best]++);
            if (dropped?.Contains((best, row)) == true)
            {
                continue;
            }

            fingerprints[written] = bestFingerprint;
            var delta = unchecked((ulong)(row - header.MinRow));
            switch (width)
            {
                case 2:
                    ((ushort*)rows)[written] = (ushort)delta;
                    break;
                case 4:
                    ((uint*)rows)[written] = (uint)delta;
                    break;
                default:
                    ((ulong*)rows)[written] = delta;
                    break;
            }

            written++;
        }
    }

    /// <summary>Writes the low <paramref name="width"/> bytes of a slot (byte by byte: neighbours may already be written).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteSlot(byte* list, long index, int width, int slot)
    {
        var at = list + (index * width);
        at[0] = (byte)slot;
        at[1] = (byte)(slot >> 8);
        if (width > 2)
        {
            at[2] = (byte)(slot >> 16);
        }

        if (width > 3)
        {
            at[3] = (byte)(slot >> 24);
        }
    }
}
