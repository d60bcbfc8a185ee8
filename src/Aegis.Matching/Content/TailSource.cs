using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>A full tail block seen in row order, with its digests sorted by fingerprint: the input of a new segment.</summary>
internal sealed class TailSource : ISegmentSource, IDisposable
{
    private readonly TailBlock _block;
    private readonly NativeArray<int> _order;
    private readonly NativeArray<ulong> _md5;
    private readonly NativeArray<int> _md5Positions;
    private readonly NativeArray<ulong> _sha;
    private readonly NativeArray<int> _shaPositions;

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

        using var position = new NativeArray<int>(count);
        for (var p = 0; p < count; p++)
        {
            position[_order[p]] = p;
        }

        (_md5, _md5Positions, Md5Count) = Fingerprints(count, position, block.Md5FingerprintAt);
        (_sha, _shaPositions, ShaCount) = Fingerprints(count, position, block.ShaFingerprintAt);
    }

    public int Count { get; }

    private int Md5Count { get; }

    private int ShaCount { get; }

    public long Row(int position) => _block.Row(_order[position]);

    public bool HasPdq(int position) => _block.HasPdqAt(_order[position]);

    public PdqHash Pdq(int position) => _block.PdqAt(_order[position]);

    public int DigestCount(DigestKind kind) => kind == DigestKind.Md5 ? Md5Count : ShaCount;

    public ulong Fingerprint(DigestKind kind, int index) => kind == DigestKind.Md5 ? _md5[index] : _sha[index];

    public int FingerprintPosition(DigestKind kind, int index) => kind == DigestKind.Md5 ? _md5Positions[index] : _shaPositions[index];

    public void Dispose()
    {
        _order.Dispose();
        _md5.Dispose();
        _md5Positions.Dispose();
        _sha.Dispose();
        _shaPositions.Dispose();
    }

    private static (NativeArray<ulong> Fingerprints, NativeArray<int> Positions, int Count) Fingerprints(
        int count, NativeArray<int> position, Func<int, ulong?> fingerprint)
    {
        var fingerprints = new NativeArray<ulong>(count);
        var positions = new NativeArray<int>(count);
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (fingerprint(i) is { } f)
            {
                fingerprints[n] = f;
                positions[n] = position[i];
                n++;
            }
        }

        fingerprints.Span(n).Sort(positions.Span(n));
        return (fingerprints, positions, n);
    }
}
