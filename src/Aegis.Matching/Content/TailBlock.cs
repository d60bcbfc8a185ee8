using System.Numerics;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>
/// Items added since the last segment was built, in arrival order, searched by a linear scan. Append-only: the
/// writer fills slots past every published count, so a search (which reads only below the count its state
/// published) never sees a slot being written. Once full it is sealed and built into a segment in the background.
/// Its arrays live outside the GC heap; like a segment, a reference count frees them when the index has replaced
/// the block and the last search that saw it has finished.
/// </summary>
internal sealed unsafe class TailBlock
{
    private const byte HasPdq = 1;
    private const byte HasMd5 = 2;
    private const byte HasSha = 4;

    private readonly MemoryRegion _memory;
    private readonly long* _rows;
    private readonly ulong* _pdq;
    private readonly ulong* _md5;
    private readonly ulong* _sha;
    private readonly byte* _flags;
    private HashSet<long>? _rowSet;
    private int _claimed;
    private int _references = 1;

    public TailBlock(int capacity)
    {
        Capacity = capacity;
        _memory = MemoryRegion.Allocate(capacity * (long)BytesPerItem);
        _rows = (long*)_memory.Pointer;
        _pdq = (ulong*)(_rows + capacity);
        _md5 = _pdq + (capacity * 4L);
        _sha = _md5 + (capacity * 2L);
        _flags = (byte*)(_sha + (capacity * 4L));
    }

    /// <summary>Row, PDQ, MD5, SHA-256 and a byte of flags.</summary>
    public static int BytesPerItem => 8 + 32 + 16 + 32 + 1;

    public int Capacity { get; }

    /// <summary>Items written (by the writer; searches use the count of their state).</summary>
    public int Count { get; private set; }

    public long MinRow { get; private set; } = long.MaxValue;

    public long MaxRow { get; private set; } = long.MinValue;

    /// <summary>Bytes of the arrays (and of the row set, if rows came out of order).</summary>
    public long Bytes => _memory.Length + ((_rowSet?.Count ?? 0) * 24L);

    public long Row(int index) => _rows[index];

    public bool HasPdqAt(int index) => (_flags[index] & HasPdq) != 0;

    public PdqHash PdqAt(int index)
    {
        var h = _pdq + (index * 4L);
        return new PdqHash(h[0], h[1], h[2], h[3]);
    }

    /// <summary>The MD5's first 8 bytes (its fingerprint), if the item has one.</summary>
    public ulong? Md5FingerprintAt(int index) => (_flags[index] & HasMd5) != 0 ? _md5[index * 2L] : null;

    /// <summary>The SHA-256's first 8 bytes (its fingerprint), if the item has one.</summary>
    public ulong? ShaFingerprintAt(int index) => (_flags[index] & HasSha) != 0 ? _sha[index * 4L] : null;

    /// <summary>Takes a reference for a search; false once the block has been freed.</summary>
    public bool TryAcquire() => ReferenceCount.TryAcquire(ref _references);

    public void Release()
    {
        if (ReferenceCount.Release(ref _references))
        {
            _memory.Dispose();
        }
    }

    /// <summary>A copy with room for <paramref name="capacity"/> items (tails start small and grow to their full size).</summary>
    public TailBlock Grown(int capacity)
    {
        var grown = new TailBlock(capacity);
        new Span<long>(_rows, Count).CopyTo(new Span<long>(grown._rows, Count));
        new Span<ulong>(_pdq, Count * 4).CopyTo(new Span<ulong>(grown._pdq, Count * 4));
        new Span<ulong>(_md5, Count * 2).CopyTo(new Span<ulong>(grown._md5, Count * 2));
        new Span<ulong>(_sha, Count * 4).CopyTo(new Span<ulong>(grown._sha, Count * 4));
        new Span<byte>(_flags, Count).CopyTo(new Span<byte>(grown._flags, Count));
        grown._rowSet = _rowSet is null ? null : [.. _rowSet];
        grown.Count = Count;
        grown.MinRow = MinRow;
        grown.MaxRow = MaxRow;
        return grown;
    }

    /// <summary>Claims the block for building into a segment (by the background builder or a flush); false if already claimed.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _claimed, 1, 0) == 0;

    /// <summary>Gives the claim back after a failed build, so the block is tried again.</summary>
    public void Unclaim() => Volatile.Write(ref _claimed, 0);

    /// <summary>Whether the block holds <paramref name="row"/> (writer only).</summary>
    public bool Contains(long row)
    {
        if (Count == 0 || row < MinRow || row > MaxRow)
        {
            return false;
        }

        // Rows arriving in order (the usual case) stay sorted and are binary-searched; the set exists only once
        // a row arrived out of order.
        return _rowSet?.Contains(row) ?? new ReadOnlySpan<long>(_rows, Count).BinarySearch(row) >= 0;
    }

    /// <summary>Writes an item past the published count (writer only).</summary>
    public void Append(in ContentItem item)
    {
        var i = Count;
        var row = item.RowId;
        if (i > 0 && row < _rows[i - 1] && _rowSet is null)
        {
            _rowSet = [.. new ReadOnlySpan<long>(_rows, i)];
        }

        _rowSet?.Add(row);
        _rows[i] = row;
        byte flags = 0;
        var pdq = item.Pdq ?? default;
        var p = _pdq + (i * 4L);
        (p[0], p[1], p[2], p[3]) = (pdq.W0, pdq.W1, pdq.W2, pdq.W3);
        flags |= item.Pdq.HasValue ? HasPdq : (byte)0;
        var md5 = item.Md5 ?? default;
        (_md5[i * 2L], _md5[(i * 2L) + 1]) = (md5.High, md5.Low);
        flags |= item.Md5.HasValue ? HasMd5 : (byte)0;
        var sha = item.Sha256 ?? default;
        var s = _sha + (i * 4L);
        (s[0], s[1], s[2], s[3]) = (sha.W0, sha.W1, sha.W2, sha.W3);
        flags |= item.Sha256.HasValue ? HasSha : (byte)0;
        _flags[i] = flags;
        MinRow = Math.Min(MinRow, row);
        MaxRow = Math.Max(MaxRow, row);
        Count = i + 1;
    }

    public void SearchPdq(in PdqHash query, int maxDistance, int count, List<(long RowId, int Distance)> results)
    {
        ulong q0 = query.W0, q1 = query.W1, q2 = query.W2, q3 = query.W3;
        var h = _pdq;
        for (var i = 0; i < count; i++, h += 4)
        {
            var distance = BitOperations.PopCount(h[0] ^ q0) + BitOperations.PopCount(h[1] ^ q1) +
                           BitOperations.PopCount(h[2] ^ q2) + BitOperations.PopCount(h[3] ^ q3);
            if (distance <= maxDistance && (_flags[i] & HasPdq) != 0)
            {
                results.Add((_rows[i], distance));
            }
        }
    }

    public void SearchMd5(in Md5Hash query, int count, List<long> rows)
    {
        var m = _md5;
        for (var i = 0; i < count; i++, m += 2)
        {
            if (m[0] == query.High && m[1] == query.Low && (_flags[i] & HasMd5) != 0)
            {
                rows.Add(_rows[i]);
            }
        }
    }

    public void SearchSha256(in Sha256Hash query, int count, List<long> rows)
    {
        var s = _sha;
        for (var i = 0; i < count; i++, s += 4)
        {
            if (s[0] == query.W0 && s[1] == query.W1 && s[2] == query.W2 && s[3] == query.W3 && (_flags[i] & HasSha) != 0)
            {
                rows.Add(_rows[i]);
            }
        }
    }
}
