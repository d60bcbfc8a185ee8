using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>A full tail block seen in row order, with its digests sorted by fingerprint: the input of a new segment.</summary>
internal sealed class TailSource : ISegmentSource, IDisposable
{
    private readonly TailBlock _block;
    private readonly NativeArray<int> _order;
    private readonly NativeArray<ulong> _md5;
    private readonly NativeArray<long> _md5Rows;
    private readonly NativeArray<ulong> _sha;
    private readonly NativeArray<long> _shaRows;

    public TailSource(TailBlock block, int count)
    {
        _block = block;
        Count = count;
        _order = new NativeArray<int>(count);
        using (var rows = new NativeArray<long>(count))
        {
            for (var i = 0; i < count; i++)
            {
                rows[i] = block.Row(i);
                _order[i] = i;
            }

            rows.Span(count).Sort(_order.Span(count));
        }

        (_md5, _md5Rows, Md5Count) = Fingerprints(block, count, block.Md5FingerprintAt);
        (_sha, _shaRows, ShaCount) = Fingerprints(block, count, block.ShaFingerprintAt);
    }

    public int Count { get; }

    private int Md5Count { get; }

    private int ShaCount { get; }

    public long Row(int position) => _block.Row(_order[position]);

    public bool HasPdq(int position) => _block.HasPdqAt(_order[position]);

    public PdqHash Pdq(int position) => _block.PdqAt(_order[position]);

    public int DigestCount(DigestKind kind) => kind == DigestKind.Md5 ? Md5Count : ShaCount;

    public ulong Fingerprint(DigestKind kind, int index) => kind == DigestKind.Md5 ? _md5[index] : _sha[index];

    public long FingerprintRow(DigestKind kind, int index) => kind == DigestKind.Md5 ? _md5Rows[index] : _shaRows[index];

    public void Dispose()
    {
        _order.Dispose();
        _md5.Dispose();
        _md5Rows.Dispose();
        _sha.Dispose();
        _shaRows.Dispose();
    }

    private static (NativeArray<ulong> Fingerprints, NativeArray<long> Rows, int Count) Fingerprints(
        TailBlock block, int count, Func<int, ulong?> fingerprint)
    {
        var fingerprints = new NativeArray<ulong>(count);
        var rows = new NativeArray<long>(count);
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (fingerprint(i) is { } f)
            {
                fingerprints[n] = f;
                rows[n] = block.Row(i);
                n++;
            }
        }

        fingerprints.Span(n).Sort(rows.Span(n));
        return (fingerprints, rows, n);
    }
}
