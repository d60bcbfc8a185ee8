using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Content;
using Aegis.Matching.Video;
using Aegis.Storage;

namespace Aegis.Server.Matching;

/// <summary>
/// One partition's recorded items in memory: PDQ hashes in a <see cref="ContentPartitionIndex"/> (segments in
/// memory-mapped snapshot files when a directory is given, so a restart maps them instead of reading every row), vPDQ
/// videos in a <see cref="VideoIndex"/>. Exact digests are not held: the database's digest indexes answer for them. One
/// writer (the matcher host) and any number of concurrent searches.
/// </summary>
internal sealed class PartitionIndex : IDisposable
{
    private readonly ContentPartitionIndex _pdq;
    private readonly VideoIndex _videos = new();
    private long _items;

    private PartitionIndex(ContentPartitionIndex pdq, long items)
    {
        _pdq = pdq;
        _items = items;
    }

    /// <summary>Items added (with the snapshot's).</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>Rows up to here are in the snapshot the index was opened from (0: none).</summary>
    public long SnapshotPosition => _pdq.Checkpoint;

    /// <summary>Bytes in memory and mapped, for metrics.</summary>
    public ContentIndexStats Stats => _pdq.Stats;

    /// <summary>
    /// The partition's snapshot in <paramref name="directory"/> if there is a good one, else an empty index (written
    /// there from now on); null directory: in memory only. A damaged snapshot is reported through <paramref name="damaged"/>
    /// and rebuilt from rows.
    /// </summary>
    public static PartitionIndex Open(string? directory, Action<Exception> damaged)
    {
        if (directory is null)
        {
            return new PartitionIndex(new ContentPartitionIndex(null), 0);
        }

        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            try
            {
                var loaded = ContentPartitionIndex.Load(directory);
                return new PartitionIndex(loaded, loaded.Count);
            }
            catch (ContentSnapshotException e)
            {
                damaged(e);
            }
        }

        // A new index in the directory discards the damaged snapshot's files.
        return new PartitionIndex(new ContentPartitionIndex(directory), 0);
    }

    /// <summary>Adds items read from the store (a row already held is ignored); the next search finds them.</summary>
    public void AddRange(IReadOnlyList<IndexedContent> items)
    {
        var batch = new List<ContentItem>(items.Count);
        foreach (var item in items)
        {
            batch.Add(new ContentItem(item.RowId, item.Pdq is { } pdq && PdqHash.TryParse(pdq, out var hash) ? hash : null, null, null));
            AddVideo(item);
        }

        var before = _pdq.Count;
        _pdq.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch));
        Interlocked.Add(ref _items, _pdq.Count - before);
    }

    /// <summary>Adds a video read from the store (videos are not in the snapshot: they are read again at every load).</summary>
    public void AddVideo(in IndexedContent item)
    {
        if (item.Vpdq is { } vpdq && !_videos.Contains(Key(item.RowId)))
        {
            _videos.Add(Key(item.RowId), VpdqSignal.Parse(vpdq));
        }
    }

    /// <summary>Makes what was added durable in the snapshot, with every row up to <paramref name="position"/> in it.</summary>
    public void Flush(long position) => _pdq.Flush(position);

    /// <summary>Items with a PDQ hash within <paramref name="maxDistance"/>, each once, with its distance.</summary>
    public void SearchPdq(in PdqHash query, int maxDistance, Dictionary<long, int> found)
    {
        var hits = new List<(long RowId, int Distance)>();
        _pdq.SearchPdq(query, maxDistance, hits);
        foreach (var (row, distance) in hits)
        {
            if (!found.TryGetValue(row, out var d) || distance < d)
            {
                found[row] = distance;
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

    public void Dispose() => _pdq.Dispose();

    private static int Key(long rowId) =>
        rowId is > 0 and <= int.MaxValue
            ? (int)rowId
            : throw new InvalidOperationException($"Content row {rowId} is past the video index's 2^31 limit.");
}
