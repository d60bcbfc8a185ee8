using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>
/// Items added since the last segment was built, in arrival order, searched by a linear scan. Append-only: the
/// writer fills slots past every published count, so a search (which reads only below the count its state
/// published) never sees a slot being written. Once full it is sealed and built into a segment in the background.
/// </summary>
internal sealed class TailBlock
{
    private const byte HasPdq = 1;
    private const byte HasMd5 = 2;
    private const byte HasSha = 4;

    private readonly long[] _rows;
    private readonly PdqHash[] _pdq;
    private readonly Md5Hash[] _md5;
    private readonly Sha256Hash[] _sha;
    private readonly byte[] _flags;
    private HashSet<long>? _rowSet;
    private int _claimed;

    public TailBlock(int capacity)
    {
        _rows = new long[capacity];
        _pdq = new PdqHash[capacity];
        _md5 = new Md5Hash[capacity];
        _sha = new Sha256Hash[capacity];
        _flags = new byte[capacity];
    }

    public int Capacity => _rows.Length;

    /// <summary>Items written (by the writer; searches use the count of their state).</summary>
    public int Count { get; private set; }

    public long MinRow { get; private set; } = long.MaxValue;

    public long MaxRow { get; private set; } = long.MinValue;

    /// <summary>Bytes of the arrays (and of the row set, if rows came out of order).</summary>
    public long Bytes => (Capacity * 89L) + ((_rowSet?.Count ?? 0) * 24L);

    public long Row(int index) => _rows[index];

    public bool HasPdqAt(int index) => (_flags[index] & HasPdq) != 0;

    public PdqHash PdqAt(int index) => _pdq[index];

    public Md5Hash? Md5At(int index) => (_flags[index] & HasMd5) != 0 ? _md5[index] : null;

    public Sha256Hash? ShaAt(int index) => (_flags[index] & HasSha) != 0 ? _sha[index] : null;

    /// <summary>A copy with room for <paramref name="capacity"/> items (tails start small and grow to their full size).</summary>
    public TailBlock Grown(int capacity)
    {
        var grown = new TailBlock(capacity);
        _rows.AsSpan(0, Count).CopyTo(grown._rows);
        _pdq.AsSpan(0, Count).CopyTo(grown._pdq);
        _md5.AsSpan(0, Count).CopyTo(grown._md5);
        _sha.AsSpan(0, Count).CopyTo(grown._sha);
        _flags.AsSpan(0, Count).CopyTo(grown._flags);
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
        return _rowSet?.Contains(row) ?? _rows.AsSpan(0, Count).BinarySearch(row) >= 0;
    }

    /// <summary>Writes an item past the published count (writer only).</summary>
    public void Append(in ContentItem item)
    {
        var i = Count;
        var row = item.RowId;
        if (i > 0 && row < _rows[i - 1] && _rowSet is null)
        {
            _rowSet = [.. _rows.AsSpan(0, i)];
        }

        _rowSet?.Add(row);
        _rows[i] = row;
        byte flags = 0;
        _pdq[i] = item.Pdq ?? default;
        flags |= item.Pdq.HasValue ? HasPdq : (byte)0;
        _md5[i] = item.Md5 ?? default;
        flags |= item.Md5.HasValue ? HasMd5 : (byte)0;
        _sha[i] = item.Sha256 ?? default;
        flags |= item.Sha256.HasValue ? HasSha : (byte)0;
        _flags[i] = flags;
        MinRow = Math.Min(MinRow, row);
        MaxRow = Math.Max(MaxRow, row);
        Count = i + 1;
    }

    public void SearchPdq(in PdqHash query, int maxDistance, int count, List<(long RowId, int Distance)> results)
    {
        var hashes = _pdq.AsSpan(0, count);
        for (var i = 0; i < hashes.Length; i++)
        {
            var distance = hashes[i].DistanceTo(query);
            if (distance <= maxDistance && (_flags[i] & HasPdq) != 0)
            {
                results.Add((_rows[i], distance));
            }
        }
    }

    public void SearchMd5(in Md5Hash query, int count, List<long> rows)
    {
        var digests = _md5.AsSpan(0, count);
        for (var i = 0; i < digests.Length; i++)
        {
            if (digests[i] == query && (_flags[i] & HasMd5) != 0)
            {
                rows.Add(_rows[i]);
            }
        }
    }

    public void SearchSha256(in Sha256Hash query, int count, List<long> rows)
    {
        var digests = _sha.AsSpan(0, count);
        for (var i = 0; i < digests.Length; i++)
        {
            if (digests[i] == query && (_flags[i] & HasSha) != 0)
            {
                rows.Add(_rows[i]);
            }
        }
    }
}
