using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>
/// One partition's recorded items (row id, PDQ, MD5, SHA-256), searched when a hash is banked later and when a report
/// needs an item's copies. Thread-safe: any number of concurrent searches while one writer adds; a search sees one
/// consistent state, and a batch added together is seen whole or not at all.
/// </summary>
/// <remarks>
/// <para>
/// Shaped like an LSM tree: immutable <em>segments</em> (see <see cref="Segment"/>) plus a small mutable <em>tail</em>
/// scanned linearly. A full tail is built into a segment by a background thread, and segments of similar size are
/// merged there too (a newer one at least the size of the one before it), so there are O(log n) of them;
/// searches keep running on the state they started with. With a directory each segment is written to its own file
/// and used memory-mapped, so the page cache holds it once and <see cref="Load"/> maps a snapshot instead of
/// rebuilding it; without one, segments live in anonymous memory outside the GC heap.
/// </para>
/// <para>
/// PDQ search is exact: every item within the distance, nothing else. MD5 and SHA-256 search compare the digest's
/// first 8 bytes inside segments (the tail compares whole digests), so a hit from a segment is a candidate that
/// collides by chance with probability 2^-64 per item: the caller confirms it against the row.
/// </para>
/// <para>
/// Each row is held once: an add of a row already held is ignored (the first add's hashes stay). Rows usually
/// arrive in ascending order and are then checked against the largest row only; an older row is looked up in the
/// segments whose row range covers it (binary search) and in the tails.
/// </para>
/// </remarks>
public sealed partial class ContentPartitionIndex : IDisposable
{
    private const int InitialTailCapacity = 1024;

    private readonly Lock _writer = new();
    private readonly ContentIndexOptions _options;
    private readonly string? _directory;
    private volatile IndexState _state;
    private long _maxRow = long.MinValue;
    private long _checkpoint;
    private volatile bool _disposed;

    /// <summary>
    /// An empty index. With a <paramref name="directory"/>, segments are written there as they are built and
    /// <see cref="Flush"/> makes a snapshot; a snapshot already in the directory is discarded. Without one, the
    /// index lives in memory only.
    /// </summary>
    public ContentPartitionIndex(string? directory, ContentIndexOptions? options = null)
        : this(directory, options, [], null)
    {
    }

    private ContentPartitionIndex(string? directory, ContentIndexOptions? options, Segment[] segments, SnapshotManifest? manifest)
    {
        _options = options ?? new ContentIndexOptions();
        _options.Validate();
        if (directory is not null)
        {
            _directory = Path.GetFullPath(directory);
            Directory.CreateDirectory(_directory);
            if (manifest is null)
            {
                SnapshotFiles.DeleteSnapshot(_directory);
            }
        }

        _state = new IndexState(segments, [], NewTail(), 0);
        foreach (var segment in segments)
        {
            _maxRow = Math.Max(_maxRow, segment.MaxRow);
        }

        _checkpoint = manifest?.Checkpoint ?? 0;
        _nextGeneration = _directory is null ? 0 : Math.Max(manifest?.NextGeneration ?? 1, SnapshotFiles.LargestGeneration(_directory) + 1) - 1;
        if (manifest is not null)
        {
            _manifest = manifest;
        }

        _builder = new Thread(BuilderLoop) { IsBackground = true, Name = "content-index-builder" };
        _builder.Start();
        Signal();
    }

    /// <summary>Items held.</summary>
    public long Count => _state.Count;

    /// <summary>The caller's value saved with the last <see cref="Flush"/> (or loaded with the snapshot); 0 if none.</summary>
    public long Checkpoint => Interlocked.Read(ref _checkpoint);

    public ContentIndexStats Stats
    {
        get
        {
            var state = _state;
            long inMemory = 0, mapped = 0;
            foreach (var segment in state.Segments)
            {
                if (segment.IsMapped)
                {
                    mapped += segment.Bytes;
                }
                else
                {
                    inMemory += segment.Bytes;
                }
            }

            foreach (var block in state.SealedTails)
            {
                inMemory += block.Bytes;
            }

            inMemory += state.Tail.Bytes;
            return new ContentIndexStats(state.Count, state.Segments.Length, state.SealedItems + state.TailCount, inMemory, mapped);
        }
    }

    /// <summary>Adds one item; the next search finds it. A row already held is ignored.</summary>
    public void Add(in ContentItem item) => AddRange(new ReadOnlySpan<ContentItem>(in item));

    /// <summary>
    /// Adds items as one change (a search sees all of them or none); rows already held are ignored. The bulk path
    /// for rebuilding from rows: waits only if the background builder has <see cref="ContentIndexOptions.MaxPendingTails"/>
    /// full tails still to build. A batch is held whole in tails until they are built, so a rebuild passes batches
    /// of thousands of items, not millions.
    /// </summary>
    public void AddRange(ReadOnlySpan<ContentItem> items)
    {
        if (items.IsEmpty)
        {
            return;
        }

        WaitForRoom();
        bool sealedAny;
        List<TailBlock>? replaced = null;
        lock (_writer)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _state;
            var tail = state.Tail;
            List<TailBlock>? full = null;
            foreach (ref readonly var item in items)
            {
                if (item.RowId <= _maxRow && Holds(state, full, tail, item.RowId))
                {
                    continue;
                }

                if (tail.Count == tail.Capacity)
                {
                    if (tail.Capacity < _options.TailCapacity)
                    {
                        (replaced ??= []).Add(tail);
                        tail = tail.Grown(Math.Min(_options.TailCapacity, tail.Capacity * 2));
                    }
                    else
                    {
                        (full ??= []).Add(tail);
                        tail = NewTail();
                    }
                }

                tail.Append(item);
                _maxRow = Math.Max(_maxRow, item.RowId);
            }

            if (tail == state.Tail && tail.Count == state.TailCount)
            {
                return;
            }

            _state = full is null ? state.WithTail(tail, tail.Count) : state.WithSealed(full, tail, tail.Count);
            sealedAny = full is not null;
        }

        // Tails outgrown by their copies: freed once the searches that saw them have finished.
        foreach (var block in replaced ?? [])
        {
            block.Release();
        }

        if (sealedAny)
        {
            Signal();
        }
    }

    /// <summary>Adds to <paramref name="results"/> every item whose PDQ hash is within <paramref name="maxDistance"/> (0..256) of the query, once each, in no particular order.</summary>
    public void SearchPdq(in PdqHash query, int maxDistance, List<(long RowId, int Distance)> results)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistance, PdqHash.BitCount);
        ArgumentNullException.ThrowIfNull(results);
        Span<int> radii = stackalloc int[PdqChunks.Count];
        PdqChunks.Radii(maxDistance, radii);
        var state = Acquire();
        try
        {
            foreach (var segment in state.Segments)
            {
                segment.SearchPdq(query, maxDistance, radii, results);
            }

            foreach (var block in state.SealedTails)
            {
                block.SearchPdq(query, maxDistance, block.Count, results);
            }

            state.Tail.SearchPdq(query, maxDistance, state.TailCount, results);
        }
        finally
        {
            Release(state);
        }
    }

    /// <summary>Adds the rows of the items with this MD5 (from segments: by its first 8 bytes; see the remarks).</summary>
    public void SearchMd5(in Md5Hash query, List<long> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var state = Acquire();
        try
        {
            foreach (var segment in state.Segments)
            {
                segment.SearchDigest(DigestKind.Md5, query.High, rows);
            }

            foreach (var block in state.SealedTails)
            {
                block.SearchMd5(query, block.Count, rows);
            }

            state.Tail.SearchMd5(query, state.TailCount, rows);
        }
        finally
        {
            Release(state);
        }
    }

    /// <summary>Adds the rows of the items with this SHA-256 (from segments: by its first 8 bytes; see the remarks).</summary>
    public void SearchSha256(in Sha256Hash query, List<long> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var state = Acquire();
        try
        {
            foreach (var segment in state.Segments)
            {
                segment.SearchDigest(DigestKind.Sha256, query.W0, rows);
            }

            foreach (var block in state.SealedTails)
            {
                block.SearchSha256(query, block.Count, rows);
            }

            state.Tail.SearchSha256(query, state.TailCount, rows);
        }
        finally
        {
            Release(state);
        }
    }

    /// <summary>Stops the background builder and frees the segments (once the searches using them have finished). Does not flush.</summary>
    public void Dispose()
    {
        lock (_flushLock)
        {
            lock (_writer)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
            }

            Signal();
            _builder.Join();
            IndexState state;
            lock (_writer)
            {
                state = _state;
            }

            // The index's own references; searches still running keep theirs until they finish.
            Release(state);
        }
    }

    private TailBlock NewTail() => new(Math.Min(InitialTailCapacity, _options.TailCapacity));

    /// <summary>Whether a row is held already (writer only, under the writer lock: no segment can be freed meanwhile).</summary>
    private static bool Holds(IndexState state, List<TailBlock>? full, TailBlock tail, long row)
    {
        foreach (var segment in state.Segments)
        {
            if (segment.ContainsRow(row))
            {
                return true;
            }
        }

        foreach (var block in state.SealedTails)
        {
            if (block.Contains(row))
            {
                return true;
            }
        }

        if (full is not null)
        {
            foreach (var block in full)
            {
                if (block.Contains(row))
                {
                    return true;
                }
            }
        }

        return tail.Contains(row);
    }

    /// <summary>
    /// The current state with a reference on each of its segments and tails, so none is freed while it is searched.
    /// </summary>
    private IndexState Acquire()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _state;
            var segments = 0;
            while (segments < state.Segments.Length && state.Segments[segments].TryAcquire())
            {
                segments++;
            }

            var sealedTails = 0;
            if (segments == state.Segments.Length)
            {
                while (sealedTails < state.SealedTails.Length && state.SealedTails[sealedTails].TryAcquire())
                {
                    sealedTails++;
                }

                if (sealedTails == state.SealedTails.Length && state.Tail.TryAcquire())
                {
                    return state;
                }
            }

            // Something was merged away, built or outgrown and freed since this state was read: drop what was
            // taken and read the state again.
            for (var i = 0; i < segments; i++)
            {
                state.Segments[i].Release();
            }

            for (var i = 0; i < sealedTails; i++)
            {
                state.SealedTails[i].Release();
            }
        }
    }

    private static void Release(IndexState state)
    {
        foreach (var segment in state.Segments)
        {
            segment.Release();
        }

        foreach (var block in state.SealedTails)
        {
            block.Release();
        }

        state.Tail.Release();
    }
}
