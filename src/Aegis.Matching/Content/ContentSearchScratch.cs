namespace Aegis.Matching.Content;

/// <summary>Per-thread buffers of one segment probe, so searches allocate nothing once warm.</summary>
internal sealed class ContentSearchScratch
{
    private const int Initial = 4096;

    [ThreadStatic]
    private static ContentSearchScratch? _forThisThread;

    private uint[] _keys = new uint[Initial];
    private byte[] _chunkOf = new byte[Initial];
    private uint[] _starts = new uint[Initial];
    private uint[] _ends = new uint[Initial];

    public static ContentSearchScratch ForThisThread => _forThisThread ??= new ContentSearchScratch();

    public uint[] Candidates { get; private set; } = new uint[Initial];

    public byte[] CandidateChunks { get; private set; } = new byte[Initial];

    public uint[] Keys(int count) => _keys.Length >= count ? _keys : _keys = new uint[Grow(_keys.Length, count)];

    public byte[] ChunkOf(int count) => _chunkOf.Length >= count ? _chunkOf : _chunkOf = new byte[Grow(_chunkOf.Length, count)];

    public uint[] Starts(int count) => _starts.Length >= count ? _starts : _starts = new uint[Grow(_starts.Length, count)];

    public uint[] Ends(int count) => _ends.Length >= count ? _ends : _ends = new uint[Grow(_ends.Length, count)];

    /// <summary>Appends a candidate slot and the chunk that found it, growing the buffers when full.</summary>
    public void AddCandidate(ref int count, uint slot, byte chunk)
    {
        if (count == Candidates.Length)
        {
            var slots = new uint[Candidates.Length * 2];
            var chunks = new byte[Candidates.Length * 2];
            Candidates.CopyTo(slots, 0);
            CandidateChunks.CopyTo(chunks, 0);
            (Candidates, CandidateChunks) = (slots, chunks);
        }

        Candidates[count] = slot;
        CandidateChunks[count] = chunk;
        count++;
    }

    private static int Grow(int length, int needed) => Math.Max(needed, length * 2);
}
