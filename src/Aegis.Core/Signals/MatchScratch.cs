namespace Aegis.Core.Signals;

/// <summary>The reusable buffers of one matching thread: tokens, token ids, live partial matches, hits. Not thread-safe.</summary>
public sealed class MatchScratch
{
    /// <summary>The most partial matches alive at once; more are dropped (a pathological message).</summary>
    internal const int MaxThreads = 256;

    private int[] _ids = new int[128];
    private PatternHit[] _hits = new PatternHit[16];

    /// <summary>The normalised tokens of the last message.</summary>
    public TokenBuffer Tokens { get; } = new();

    /// <summary>How many token ids are in <see cref="Ids"/>.</summary>
    public int IdCount { get; private set; }

    /// <summary>The token ids last matched (a carried-over prefix, then the message's).</summary>
    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, IdCount);

    /// <summary>How many hits the last match found.</summary>
    public int HitCount { get; private set; }

    /// <summary>The hits of the last match.</summary>
    public ReadOnlySpan<PatternHit> Hits => _hits.AsSpan(0, HitCount);

    /// <summary>Live partial matches (double-buffered).</summary>
    internal (int Node, int Start, int Gaps)[] Threads { get; } = new (int, int, int)[MaxThreads];

    /// <summary>The next generation of partial matches.</summary>
    internal (int Node, int Start, int Gaps)[] NextThreads { get; } = new (int, int, int)[MaxThreads];

    /// <summary>Starts a new sequence of ids and hits.</summary>
    internal void Reset()
    {
        IdCount = 0;
        HitCount = 0;
    }

    /// <summary>Appends a token id.</summary>
    internal void AddId(int id)
    {
        if (IdCount == _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length * 2);
        }

        _ids[IdCount++] = id;
    }

    /// <summary>Records a hit unless the same entry already hit.</summary>
    internal void AddHit(PatternHit hit)
    {
        for (var i = 0; i < HitCount; i++)
        {
            if (_hits[i].Entry == hit.Entry)
            {
                return;
            }
        }

        if (HitCount == _hits.Length)
        {
            Array.Resize(ref _hits, _hits.Length * 2);
        }

        _hits[HitCount++] = hit;
    }
}
