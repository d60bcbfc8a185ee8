using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>A full tail block seen in row order, with its digests sorted by fingerprint: the input of a new segment.</summary>
internal sealed class TailSource : ISegmentSource
{
    private readonly TailBlock _block;
    private readonly int[] _order;
    private readonly ulong[] _md5;
    private readonly int[] _md5Positions;
    private readonly ulong[] _sha;
    private readonly int[] _shaPositions;

    public TailSource(TailBlock block, int count)
    {
        _block = block;
        var rows = new long[count];
        _order = new int[count];
        for (var i = 0; i < count; i++)
        {
            rows[i] = block.Row(i);
            _order[i] = i;
        }

        Array.Sort(rows, _order);
        var position = new int[count];
        for (var p = 0; p < count; p++)
        {
            position[_order[p]] = p;
        }

        (_md5, _md5Positions) = Fingerprints(count, position, i => block.Md5At(i)?.High);
        (_sha, _shaPositions) = Fingerprints(count, position, i => block.ShaAt(i)?.W0);
    }

    public int Count => _order.Length;

    public long Row(int position) => _block.Row(_order[position]);

    public bool HasPdq(int position) => _block.HasPdqAt(_order[position]);

    public PdqHash Pdq(int position) => _block.PdqAt(_order[position]);

    public int DigestCount(DigestKind kind) => kind == DigestKind.Md5 ? _md5.Length : _sha.Length;

    public ulong Fingerprint(DigestKind kind, int index) => kind == DigestKind.Md5 ? _md5[index] : _sha[index];

    public int FingerprintPosition(DigestKind kind, int index) => kind == DigestKind.Md5 ? _md5Positions[index] : _shaPositions[index];

    private static (ulong[] Fingerprints, int[] Positions) Fingerprints(int count, int[] position, Func<int, ulong?> fingerprint)
    {
        var fingerprints = new List<ulong>();
        var positions = new List<int>();
        for (var i = 0; i < count; i++)
        {
            if (fingerprint(i) is { } f)
            {
                fingerprints.Add(f);
                positions.Add(position[i]);
            }
        }

        var keys = fingerprints.ToArray();
        var values = positions.ToArray();
        Array.Sort(keys, values);
        return (keys, values);
    }
}
