namespace Aegis.Matching.Index;

/// <summary>Per-thread buffers of one lookup, so lookups allocate nothing once warm.</summary>
internal sealed class SearchScratch
{
    [ThreadStatic]
    private static SearchScratch? _forThisThread;

    private uint[] _keys = new uint[4096];
    private uint[] _starts = new uint[4096];
    private uint[] _ends = new uint[4096];

    public static SearchScratch ForThisThread => _forThisThread ??= new SearchScratch();

    public int[] Candidates { get; private set; } = new int[4096];

    public uint[] Keys(int count)
    {
        if (_keys.Length < count)
        {
            _keys = new uint[Math.Max(count, _keys.Length * 2)];
        }

        return _keys;
    }

    private byte[] _chunkOf = new byte[4096];

    public byte[] ChunkOf(int count) => _chunkOf.Length >= count ? _chunkOf : _chunkOf = new byte[Math.Max(count, _chunkOf.Length * 2)];

    public uint[] Starts(int count) => _starts.Length >= count ? _starts : _starts = new uint[Math.Max(count, _starts.Length * 2)];

    public uint[] Ends(int count) => _ends.Length >= count ? _ends : _ends = new uint[Math.Max(count, _ends.Length * 2)];

    /// <summary>Appends a candidate slot, growing the buffer when full; returns the (possibly new) buffer.</summary>
    public int[] Add(ref int count, int slot)
    {
        if (count == Candidates.Length)
        {
            var larger = new int[Candidates.Length * 2];
            Candidates.CopyTo(larger, 0);
            Candidates = larger;
        }

        Candidates[count++] = slot;
        return Candidates;
    }
}
