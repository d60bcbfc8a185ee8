using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Index;
using Aegis.Matching.Video;
using Aegis.Storage;

namespace Aegis.Server.Matching;

/// <summary>
/// One partition's recorded items in memory: their PDQ hashes and vPDQ videos (exact digests are looked up in the
/// database's indexes instead). One writer (the matcher host) and any number of concurrent searches.
/// </summary>
internal sealed class PartitionIndex
{
    private readonly PdqIndex _pdq;
    private readonly VideoIndex _videos = new();
    private long _items;

    public PartitionIndex()
    {
        _pdq = new PdqIndex();
    }

    private PartitionIndex(PdqIndex pdq, long items)
    {
        _pdq = pdq;
        _items = items;
    }

    /// <summary>Items added.</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>
    /// Builds the index of a partition's items as they are read (a partition taken on): hashes are parsed as they come,
    /// so the rows' text is never all held. Items <paramref name="keep"/> selects are returned as read.
    /// </summary>
    public static async Task<(PartitionIndex Index, List<IndexedContent> Kept)> BuildAsync(
        IAsyncEnumerable<IndexedContent> items, Func<IndexedContent, bool> keep, CancellationToken cancellationToken)
    {
        var hashes = new List<PdqHash>();
        var keys = new List<int>();
        var kept = new List<IndexedContent>();
        var videos = new List<IndexedContent>();
        long count = 0;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            count++;
            if (item.Pdq is { } pdq && PdqHash.TryParse(pdq, out var hash))
            {
                hashes.Add(hash);
                keys.Add(Key(item.RowId));
            }

            if (item.Vpdq is not null)
            {
                videos.Add(item);
            }

            if (keep(item))
            {
                kept.Add(item);
            }
        }

        var index = new PartitionIndex(PdqIndex.Build([.. hashes], [.. keys]), count);
        foreach (var video in videos)
        {
            index.AddVideo(video);
        }

        return (index, kept);
    }

    /// <summary>Adds an item; the next search finds it.</summary>
    public void Add(in IndexedContent item)
    {
        if (item.Pdq is { } pdq && PdqHash.TryParse(pdq, out var hash))
        {
            _pdq.Add(hash, Key(item.RowId));
        }

        AddVideo(item);
        Interlocked.Increment(ref _items);
    }

    /// <summary>Items with a PDQ hash within <paramref name="maxDistance"/>, each once, with its distance.</summary>
    public void SearchPdq(in PdqHash query, int maxDistance, Dictionary<long, int> found)
    {
        var hits = new List<PdqMatch>();
        _pdq.Search(query, maxDistance, hits);
        foreach (var hit in hits)
        {
            if (!found.TryGetValue(hit.Key, out var d) || hit.Distance < d)
            {
                found[hit.Key] = hit.Distance;
            }
        }
    }

    /// <summary>Videos a banked video matches under its bank's rules (the bank video is the query).</summary>
    public IEnumerable<long> SearchBankVideo(IReadOnlyList<VpdqFeature> bankVideo, Bank bank)
    {
        // From the upload's side, the reference's query % is this search's candidate % (the share of the upload's frames
        // that matched) and the segment rule counts the upload's matched frames; containment uses the share of the bank
        // video's frames matched (its seconds are not tracked in this direction).
        foreach (var candidate in _videos.Search(bankVideo))
        {
            var c = candidate.Comparison;
            var asUpload = new VpdqComparison(
                c.CandidateFrames, c.QueryFrames, c.MatchedCandidateFrames, c.MatchedQueryFrames, c.QueryFrames, c.MatchedQueryFrames);
            if (bank.Video.Evaluate(asUpload) is not null)
            {
                yield return candidate.VideoKey;
            }
        }
    }

    /// <summary>Videos that match <paramref name="video"/> by the default rules.</summary>
    public IEnumerable<long> MatchVideo(IReadOnlyList<VpdqFeature> video) => _videos.Match(video).Select(m => (long)m.VideoKey);

    private void AddVideo(in IndexedContent item)
    {
        if (item.Vpdq is { } vpdq && !_videos.Contains(Key(item.RowId)))
        {
            _videos.Add(Key(item.RowId), VpdqSignal.Parse(vpdq));
        }
    }

    private static int Key(long rowId) =>
        rowId is > 0 and <= int.MaxValue
            ? (int)rowId
            : throw new InvalidOperationException($"Content row {rowId} is past the in-memory index's 2^31 limit.");
}
