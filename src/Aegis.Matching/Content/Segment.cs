using System.Runtime.CompilerServices;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>
/// An immutable run of items sorted by row, in one block of memory laid out as <see cref="SegmentHeader"/> says:
/// anonymous memory when built, a read-only file mapping once written or loaded. Searches read it through
/// pointers; a reference count keeps the block alive until the last search that saw it has finished.
/// </summary>
/// <remarks>
/// Per item: its PDQ hash (32 B), its row as a delta from its 64-slot block's base (2–8 B), for each of the 8 PDQ
/// chunks a posting (its slot, 2–4 B) in a list sorted by bucket with a <see cref="BucketTable"/> over it, and per
/// digest a 64-bit fingerprint with its row (as a distance from the smallest row) in a list sorted by fingerprint
/// (binary search; a merge merges these lists as they are).
/// </remarks>
internal sealed unsafe partial class Segment : ISegmentSource
{
    private readonly MemoryRegion _region;
    private readonly ulong* _hashes;
    private readonly ulong* _bitmap;
    private readonly long* _rowBases;
    private readonly byte* _rowDeltas;
    private readonly nint[] _tables = new nint[PdqChunks.Count];
    private readonly nint[] _postings = new nint[PdqChunks.Count];
    private readonly ulong* _md5;
    private readonly byte* _md5Rows;
    private readonly ulong* _sha;
    private readonly byte* _shaRows;
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
        _md5Rows = At(SegmentHeader.Md5Rows);
        _sha = (ulong*)At(SegmentHeader.ShaFingerprints);
        _shaRows = At(SegmentHeader.ShaRows);
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

    /// <summary>Bytes of the segment (its file's length; a block built in memory may have untouched pages past it).</summary>
    public long Bytes => Header.FileLength;

    /// <summary>Takes a reference for a search; false once the segment has been freed (the caller re-reads the state).</summary>
    public bool TryAcquire() => ReferenceCount.TryAcquire(ref _references);

    /// <summary>Drops a reference; the last one frees the memory or unmaps the file.</summary>
    public void Release()
    {
        if (ReferenceCount.Release(ref _references))
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

    public long FingerprintRow(DigestKind kind, int index) => DigestRow(kind == DigestKind.Md5 ? _md5Rows : _shaRows, index);

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
        var digestRows = kind == DigestKind.Md5 ? _md5Rows : _shaRows;
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
            rows.Add(DigestRow(digestRows, i));
        }
    }

    private long DigestRow(byte* rows, long index)
    {
        var delta = Header.DigestRowWidth switch
        {
            2 => ((ushort*)rows)[index],
            4 => ((uint*)rows)[index],
            _ => ((ulong*)rows)[index],
        };
        return unchecked(MinRow + (long)delta);
    }

    private ContentSnapshotException Damaged() =>
        new($"Content index segment {Path ?? Generation.ToString(System.Globalization.CultureInfo.InvariantCulture)} points outside itself.");
}
