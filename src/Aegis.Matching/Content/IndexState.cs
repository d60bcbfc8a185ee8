namespace Aegis.Matching.Content;

/// <summary>
/// One consistent state of a partition index: its segments, the full tails waiting to be built, and the current
/// tail with the count of its items searches may see. Immutable: every change publishes a new one.
/// </summary>
internal sealed class IndexState
{
    public IndexState(Segment[] segments, TailBlock[] sealedTails, TailBlock tail, int tailCount)
    {
        Segments = segments;
        SealedTails = sealedTails;
        Tail = tail;
        TailCount = tailCount;
        foreach (var segment in segments)
        {
            SegmentItems += segment.Count;
        }

        foreach (var block in sealedTails)
        {
            SealedItems += block.Count;
        }
    }

    private IndexState(IndexState previous, TailBlock tail, int tailCount)
    {
        Segments = previous.Segments;
        SealedTails = previous.SealedTails;
        SegmentItems = previous.SegmentItems;
        SealedItems = previous.SealedItems;
        Tail = tail;
        TailCount = tailCount;
    }

    public Segment[] Segments { get; }

    public TailBlock[] SealedTails { get; }

    public TailBlock Tail { get; }

    public int TailCount { get; }

    public long SegmentItems { get; }

    public long SealedItems { get; }

    public long Count => SegmentItems + SealedItems + TailCount;

    public IndexState WithTail(TailBlock tail, int tailCount) => new(this, tail, tailCount);

    /// <summary>The state with <paramref name="full"/> tails appended to the sealed ones and a new current tail.</summary>
    public IndexState WithSealed(IReadOnlyCollection<TailBlock> full, TailBlock tail, int tailCount) =>
        new(Segments, [.. SealedTails, .. full], tail, tailCount);

    /// <summary>The state where sealed tails have become <paramref name="segment"/>.</summary>
    public IndexState WithBuilt(IReadOnlyList<TailBlock> blocks, Segment segment) =>
        new([.. Segments, segment], [.. SealedTails.Where(b => !blocks.Contains(b))], Tail, TailCount);

    /// <summary>The state where <paramref name="older"/> and <paramref name="newer"/> have become <paramref name="merged"/>.</summary>
    public IndexState WithMerged(Segment older, Segment newer, Segment merged) =>
        new([.. Segments.Where(s => s != newer).Select(s => s == older ? merged : s)], SealedTails, Tail, TailCount);
}
