using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Index;
using Aegis.Matching.Video;
using Aegis.Storage;

namespace Aegis.Server.Matching;

/// <summary>
/// Every recorded item's hashes in memory, keyed by content row, so that a hash added to a bank later finds the content
/// it matches by index lookups, never by a scan. Kept current from the content table (this node's uploads and every
/// other node's) through a <see cref="ContentFeed"/>.
/// </summary>
internal sealed class ContentIndex
{
    private readonly PdqIndex _pdq = new();
    private readonly ExactIndex<Md5Hash> _md5 = new();
    private readonly ExactIndex<Sha256Hash> _sha256 = new();
    private readonly VideoIndex _videos = new();
    private long _items;

    /// <summary>Items indexed.</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>Indexes an item read from the store (each row once, in any order).</summary>
    public void Add(IndexedContent item)
    {
        var key = Key(item.RowId);
        if (item.Pdq is { } pdq && PdqHash.TryParse(pdq, out var hash))
        {
            _pdq.Add(hash, key);
        }

        if (item.Md5 is { } md5 && Md5Hash.TryParse(md5, out var m))
        {
            _md5.Add(m, key);
        }

        if (item.Sha256 is { } sha && Sha256Hash.TryParse(sha, out var s))
        {
            _sha256.Add(s, key);
        }

        if (item.Vpdq is { } vpdq)
        {
            _videos.Add(key, VpdqSignal.Parse(vpdq));
        }

        Interlocked.Increment(ref _items);
    }

    /// <summary>The recorded items a bank entry matches under its bank's settings: row id and distance.</summary>
    public IReadOnlyList<(long RowId, int Distance)> Find(BankEntry entry, Bank bank)
    {
        var found = new List<(long, int)>();
        switch (entry.Type)
        {
            case SignalType.Pdq:
                var hits = new List<PdqMatch>();
                _pdq.Search(PdqHash.Parse(entry.Value), bank.PdqThreshold, hits);
                found.AddRange(hits.Select(h => ((long)h.Key, h.Distance)));
                break;
            case SignalType.Md5:
                var md5Keys = new List<int>();
                _md5.Search(Md5Hash.TryParse(entry.Value, out var m) ? m : default, md5Keys);
                found.AddRange(md5Keys.Select(k => ((long)k, 0)));
                break;
            case SignalType.Sha256:
                var shaKeys = new List<int>();
                _sha256.Search(Sha256Hash.TryParse(entry.Value, out var s) ? s : default, shaKeys);
                found.AddRange(shaKeys.Select(k => ((long)k, 0)));
                break;
            case SignalType.Vpdq:
                // The bank video is the query here: its frames hit the recorded videos. From the upload's side, the
                // reference's query % is this search's candidate % (the share of the upload's frames that matched) and
                // the segment rule counts the upload's matched frames; containment uses the share of the bank video's
                // frames matched (its seconds are not tracked in this direction).
                foreach (var candidate in _videos.Search(VpdqSignal.Parse(entry.Value)))
                {
                    var c = candidate.Comparison;
                    var asUpload = new VpdqComparison(
                        c.CandidateFrames, c.QueryFrames, c.MatchedCandidateFrames, c.MatchedQueryFrames, c.QueryFrames, c.MatchedQueryFrames);
                    if (bank.Video.Evaluate(asUpload) is not null)
                    {
                        found.Add((candidate.VideoKey, 0));
                    }
                }

                break;
        }

        return found;
    }

    /// <summary>
    /// Recorded items that are copies of <paramref name="item"/> by hash, with their PDQ distance (0 for exact digests and
    /// vPDQ): PDQ within <paramref name="pdqThreshold"/>, the same MD5 or SHA-256, or a vPDQ match by the default rules.
    /// The item's own row is left out.
    /// </summary>
    public IReadOnlyList<(long RowId, int Distance)> FindCopies(long ownRow, Core.Content.ContentRecord item, int pdqThreshold = 31)
    {
        var found = new Dictionary<long, int>();
        void Add(long row, int distance)
        {
            if (row != ownRow && (!found.TryGetValue(row, out var d) || distance < d))
            {
                found[row] = distance;
            }
        }

        if (item.Pdq is { } pdq && PdqHash.TryParse(pdq, out var hash))
        {
            var hits = new List<PdqMatch>();
            _pdq.Search(hash, pdqThreshold, hits);
            foreach (var hit in hits)
            {
                Add(hit.Key, hit.Distance);
            }
        }

        var keys = new List<int>();
        if (item.Md5 is { } md5 && Md5Hash.TryParse(md5, out var m))
        {
            _md5.Search(m, keys);
        }

        if (item.Sha256 is { } sha && Sha256Hash.TryParse(sha, out var s))
        {
            _sha256.Search(s, keys);
        }

        foreach (var key in keys)
        {
            Add(key, 0);
        }

        if (item.Vpdq is { } vpdq)
        {
            foreach (var match in _videos.Match(VpdqSignal.Parse(vpdq)))
            {
                Add(match.VideoKey, 0);
            }
        }

        return [.. found.Select(f => (f.Key, f.Value)).OrderBy(f => f.Key)];
    }

    private static int Key(long rowId) =>
        rowId is > 0 and <= int.MaxValue
            ? (int)rowId
            : throw new InvalidOperationException($"Content row {rowId} is past the in-memory index's 2^31 limit.");
}
