using System.Runtime.CompilerServices;

namespace Aegis.Storage;

/// <summary>
/// Follows the content table for a node's in-memory index: every committed row, once, however the transactions that
/// wrote them commit. Rows are read by id, and on PostgreSQL ids are taken in one order and committed in another: a
/// reader that saw 11 before 10 committed would skip 10 for good (measured: a quarter of the rows recorded by 8
/// concurrent writers). So an id missing between two seen ones is remembered as a hole and looked up again at every
/// read until its row appears or <see cref="Grace"/> passes — a failed insert (a duplicate content id, a rollback)
/// leaves a hole that never fills. Writers take no lock, so recording an item costs one insert and its commit.
/// Not thread-safe: one reader (the node's matcher host) calls it.
/// </summary>
public sealed class ContentFeed(ContentStore contents, TimeProvider time, TimeSpan? grace = null)
{
    /// <summary>On the first read, holes are kept only this close below the newest row: a write in flight when a node starts is among the newest ids.</summary>
    private const long StartWindow = 100_000;

    /// <summary>The most holes remembered (the oldest are dropped first).</summary>
    private const int MaxHoles = 1_000_000;

    private const int HolesPerQuery = 10_000;

    private readonly SortedDictionary<long, DateTimeOffset> _holes = [];
    private long _last;
    private bool _started;

    /// <summary>How long a missing id is looked for (a content insert's transaction lasts milliseconds).</summary>
    public TimeSpan Grace { get; } = grace ?? TimeSpan.FromMinutes(5);

    /// <summary>The newest row read.</summary>
    public long LastRowId => _last;

    /// <summary>Ids below <see cref="LastRowId"/> not seen yet and still looked for.</summary>
    public int Holes => _holes.Count;

    /// <summary>Every row up to here has been read (or given up on after <see cref="Grace"/>): the lowest hole − 1, or <see cref="LastRowId"/>.</summary>
    public long Watermark => _holes.Count > 0 ? _holes.Keys.First() - 1 : _last;

    /// <summary>The partitions whose hashes are read (null: all); rows of others come with their id only.</summary>
    public ContentPartitions? Partitions { get; set; }

    /// <summary>
    /// Starts after row <paramref name="rowId"/> instead of the first (before the first read): a node that loads its
    /// partitions on its own starts near the newest row. Writes in flight are among the newest ids, so start a window
    /// below the newest: what is read twice is deduplicated by the index.
    /// </summary>
    public void StartAfter(long rowId)
    {
        if (_started)
        {
            throw new InvalidOperationException("The feed has already been read.");
        }

        _last = Math.Max(rowId, 0);
    }

    /// <summary>Rows committed since the last read: late rows that fill holes first, then new ones in id order.</summary>
    public async IAsyncEnumerable<IndexedContent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_holes.Count > 0)
        {
            foreach (var expired in _holes.Where(h => now - h.Value > Grace).Select(h => h.Key).ToList())
            {
                _holes.Remove(expired);
            }

            foreach (var chunk in _holes.Keys.ToList().Chunk(HolesPerQuery))
            {
                await foreach (var late in contents.ReadIndexByIdsAsync(chunk, cancellationToken))
                {
                    _holes.Remove(late.RowId);
                    yield return late;
                }
            }
        }

        // On the first read (a node starting) only the newest ids can belong to writes still in flight: holes further
        // down are history (failed inserts) and are not kept.
        var keep = _started ? MaxHoles : StartWindow;
        _started = true;
        await foreach (var item in contents.ReadIndexAsync(_last, Partitions, cancellationToken))
        {
            if (item.RowId > _last + 1)
            {
                AddHoles(_last + 1, item.RowId - 1, now, keep);
            }

            _last = item.RowId;
            yield return item;
        }
    }

    /// <summary>Remembers the ids from <paramref name="from"/> to <paramref name="to"/>, keeping only holes within <paramref name="keep"/> ids of the newest.</summary>
    private void AddHoles(long from, long to, DateTimeOffset now, long keep)
    {
        var lowest = to - keep + 1;
        for (var id = Math.Max(from, lowest); id <= to; id++)
        {
            _holes.TryAdd(id, now);
        }

        while (_holes.Count > 0 && (_holes.Keys.First() < lowest || _holes.Count > MaxHoles))
        {
            _holes.Remove(_holes.Keys.First());
        }
    }
}
