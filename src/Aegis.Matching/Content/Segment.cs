using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Index;

namespace Aegis.Matching.Content;

/// <summary>
/// An immutable run of items sorted by row, in one block of memory laid out as <see cref="SegmentHeader"/> says:
/// anonymous memory when built, a read-only file mapping once written or loaded. Searches read it through
/// pointers; a reference count keeps the block alive until the last search that saw it has finished.
/// </summary>
/// <remarks>
/// Per item: its PDQ hash (32 B), its row as a delta from its 64-slot block's base (2–8 B), for each of the 8 PDQ
/// chunks a posting (its slot, 2–4 B) in a list sorted by bucket with a <see cref="BucketTable"/> over it, and per
/// digest a 64-bit fingerprint with its slot in a list sorted by fingerprint (binary search).
/// </remarks>
internal sealed unsafe partial class Segment : ISegmentSource
{
    /// <summary>
    /// A scan reads the hashes in order, a probe jumps: the index is used while 2 × probes + candidates stays
    /// under a quarter of the items (sequential 32-byte reads are several times cheaper than random ones).
    /// </summary>
    private const int ScanDivisor = 4;

    private readonly MemoryRegion _region;
    private readonly ulong* _hashes;
    private readonly ulong* _bitmap;
    private readonly long* _rowBases;
    private readonly byte* _rowDeltas;
    private readonly nint[] _tables = new nint[PdqChunks.Count];
    private readonly nint[] _postings = new nint[PdqChunks.Count];
    private readonly ulong* _md5;
    private readonly byte* _md5Slots;
    private readonly ulong* _sha;
    private readonly byte* _shaSlots;
    private readonly uint _slotMask;
    private int _references = 1;

    public Segment(MemoryRegion region, SegmentHeader header, long generation, string? path)
    {
        _region = region;
        Header = header;
        Generation = generation;
        Path = path;
        byte* At(int section) => region.Pointer + header.Offsets[section];
        _hashes = (ulong*)At(SegmentHeader.Hashes);
        _bitmap = (ulong*)At(SegmentHeader.PdqBitmap);
        _rowBases = (long*)At(SegmentHeader.RowBases);
        _rowDeltas = At(SegmentHeader.RowDeltas);
        for (var c = 0; c < PdqChunks.Count; c++)
        {
            _tables[c] = (nint)At(SegmentHeader.FirstTable + c);
            _postings[c] = (nint)At(SegmentHeader.FirstPostings + c);
        }

        _md5 = (ulong*)At(SegmentHeader.Md5Fingerprints);
        _md5Slots = At(SegmentHeader.Md5Slots);
        _sha = (ulong*)At(SegmentHeader.ShaFingerprints);
        _shaSlots = At(SegmentHeader.ShaSlots);
        _slotMask = header.SlotWidth == 4 ? uint.MaxValue : (1u << (header.SlotWidth * 8)) - 1;
    }

    public SegmentHeader Header { get; }

    /// <summary>Names the segment's file: segment-{generation}.cix.</summary>
    public long Generation { get; }

    /// <summary>The file it is mapped from, or null while it lives in anonymous memory.</summary>
    public string? Path { get; }

    public int Count => Header.Items;

    public long MinRow => Header.MinRow;

    public long MaxRow => Header.MaxRow;

    public bool IsMapped => _region.IsMapped;

    public long Bytes => _region.Length;

    /// <summary>Takes a reference for a search; false once the segment has been freed (the caller re-reads the state).</summary>
    public bool TryAcquire()
    {
        var seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            var previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }

        return false;
    }

    /// <summary>Drops a reference; the last one frees the memory or unmaps the file.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _region.Dispose();
        }
    }

    public long Row(int slot)
    {
        var delta = Header.RowWidth switch
        {
            2 => ((ushort*)_rowDeltas)[slot],
            4 => ((uint*)_rowDeltas)[slot],
            _ => ((ulong*)_rowDeltas)[slot],
        };
        return unchecked(_rowBases[slot >> 6] + (long)delta);
    }

    public bool HasPdq(int slot) => (_bitmap[slot >> 6] & (1UL << (slot & 63))) != 0;

    public PdqHash Pdq(int slot)
    {
        var h = _hashes + (slot * 4L);
        return new PdqHash(h[0], h[1], h[2], h[3]);
    }

    public int DigestCount(DigestKind kind) => kind == DigestKind.Md5 ? Header.Md5Items : Header.ShaItems;

    public ulong Fingerprint(DigestKind kind, int index) => kind == DigestKind.Md5 ? _md5[index] : _sha[index];

    public int FingerprintPosition(DigestKind kind, int index) => CheckedSlot(kind == DigestKind.Md5 ? _md5Slots : _shaSlots, index);

    /// <summary>Whether the segment holds <paramref name="row"/>: a binary search over block bases, then in the block.</summary>
    public bool ContainsRow(long row)
    {
        if (row < MinRow || row > MaxRow)
        {
            return false;
        }

        long lo = 0, hi = SegmentHeader.RowBlocks(Count) - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_rowBases[mid] <= row)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        int first = (int)(lo << 6), last = Math.Min(Count, first + 64) - 1;
        while (first <= last)
        {
            var mid = (first + last) >> 1;
            var value = Row(mid);
            if (value == row)
            {
                return true;
            }

            if (value < row)
            {
                first = mid + 1;
            }
            else
            {
                last = mid - 1;
            }
        }

        return false;
    }

    /// <summary>Adds the rows whose digest fingerprint is <paramref name="fingerprint"/>.</summary>
    public void SearchDigest(DigestKind kind, ulong fingerprint, List<long> rows)
    {
        var fingerprints = kind == DigestKind.Md5 ? _md5 : _sha;
        var slots = kind == DigestKind.Md5 ? _md5Slots : _shaSlots;
        var count = DigestCount(kind);
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (fingerprints[mid] < fingerprint)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < count && fingerprints[i] == fingerprint; i++)
        {
            rows.Add(Row(CheckedSlot(slots, i)));
        }
    }

    /// <summary>
    /// Adds every item within <paramref name="maxDistance"/> of the query, each once: by probing the buckets within
    /// each chunk's radius, or by a scan where that would read more (and <paramref name="scanAllowed"/>: tests
    /// check both ways).
    /// </summary>
    public void SearchPdq(
        in PdqHash query, int maxDistance, ReadOnlySpan<int> radii, List<(long RowId, int Distance)> results, bool scanAllowed = true)
    {
        var items = Header.PdqItems;
        if (items == 0)
        {
            return;
        }

        var bits = Header.BucketBits;
        long probes = 0;
        var mostProbes = 0;
        for (var c = 0; c < PdqChunks.Count; c++)
        {
            if (radii[c] >= 0)
            {
                var n = radii[c] >= bits ? 1 << bits : ProbeKeys.Count(bits, radii[c]);
                probes += n;
                mostProbes = Math.Max(mostProbes, n);
            }
        }

        var candidates = probes * (double)items / (1L << bits);
        if (scanAllowed && (2 * probes) + candidates >= (double)items / ScanDivisor)
        {
            Scan(query, maxDistance, results);
            return;
        }

        Span<uint> queryKeys = stackalloc uint[PdqChunks.Count];
        for (var c = 0; c < PdqChunks.Count; c++)
        {
            queryKeys[c] = PdqChunks.Key(PdqChunks.Chunk(query, c), bits);
        }

        var keys = ArrayPool<uint>.Shared.Rent(mostProbes);
        try
        {
            for (var c = 0; c < PdqChunks.Count; c++)
            {
                if (radii[c] >= 0)
                {
                    var probed = ProbeKeys.Fill(queryKeys[c], bits, radii[c], keys);
                    Probe(query, maxDistance, radii, queryKeys, c, keys.AsSpan(0, probed), results);
                }
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(keys);
        }
    }

    private void Probe(
        in PdqHash query, int maxDistance, ReadOnlySpan<int> radii, ReadOnlySpan<uint> queryKeys, int chunk, ReadOnlySpan<uint> keys,
        List<(long RowId, int Distance)> results)
    {
        var bits = Header.BucketBits;
        var table = (byte*)_tables[chunk];
        var tableLength = Header.Lengths[SegmentHeader.FirstTable + chunk];
        var postings = (byte*)_postings[chunk];
        var items = (uint)Header.PdqItems;
        var width = Header.SlotWidth;
        foreach (var key in keys)
        {
            var (start, end) = BucketTable.Range(table, tableLength, bits, key, items);
            for (var p = start; p < end; p++)
            {
                var slot = Unsafe.ReadUnaligned<uint>(postings + ((long)p * width)) & _slotMask;
                if (slot >= (uint)Count)
                {
                    throw Damaged();
                }

                var h = _hashes + (slot * 4L);
                var distance = BitOperations.PopCount(h[0] ^ query.W0) + BitOperations.PopCount(h[1] ^ query.W1) +
                               BitOperations.PopCount(h[2] ^ query.W2) + BitOperations.PopCount(h[3] ^ query.W3);
                if (distance <= maxDistance && !FoundThroughEarlierChunk(h, radii, queryKeys, chunk, bits))
                {
                    results.Add((Row((int)slot), distance));
                }
            }
        }
    }

    /// <summary>A match is reported by the first probed chunk whose radius covers it, so each is reported once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FoundThroughEarlierChunk(ulong* hash, ReadOnlySpan<int> radii, ReadOnlySpan<uint> queryKeys, int chunk, int bits)
    {
        for (var c = 0; c < chunk; c++)
        {
            if (radii[c] >= 0 && BitOperations.PopCount(PdqChunks.Key(PdqChunks.Chunk(hash, c), bits) ^ queryKeys[c]) <= radii[c])
            {
                return true;
            }
        }

        return false;
    }

    private void Scan(in PdqHash query, int maxDistance, List<(long RowId, int Distance)> results)
    {
        ulong q0 = query.W0, q1 = query.W1, q2 = query.W2, q3 = query.W3;
        var h = _hashes;
        for (var slot = 0; slot < Count; slot++, h += 4)
        {
            var distance = BitOperations.PopCount(h[0] ^ q0) + BitOperations.PopCount(h[1] ^ q1) +
                           BitOperations.PopCount(h[2] ^ q2) + BitOperations.PopCount(h[3] ^ q3);
            if (distance <= maxDistance && HasPdq(slot))
            {
                results.Add((Row(slot), distance));
            }
        }
    }

    private int CheckedSlot(byte* slots, long index)
    {
        var slot = Unsafe.ReadUnaligned<uint>(slots + (index * Header.SlotWidth)) & _slotMask;
        return slot < (uint)Count ? (int)slot : throw Damaged();
    }

    private ContentSnapshotException Damaged() =>
        new($"Content index segment {Path ?? Generation.ToString(System.Globalization.CultureInfo.InvariantCulture)} points outside itself.");
}
