namespace Aegis.Matching.Content;

/// <summary>Snapshots: flushing to the directory, loading from it, and deleting files no snapshot needs.</summary>
public sealed partial class ContentPartitionIndex
{
    private readonly Lock _flushLock = new();

    /// <summary>Guards <see cref="_manifest"/> and <see cref="_retired"/>: which segment files a snapshot still names.</summary>
    private readonly Lock _files = new();

    private readonly List<Segment> _retired = [];
    private SnapshotManifest? _manifest;

    /// <summary>Manifests written (tests check that a flush with nothing new writes none).</summary>
    internal int ManifestWrites { get; private set; }

    /// <summary>
    /// Loads the snapshot in <paramref name="directory"/>: checks the manifest and every segment file it names
    /// (length, header, checksum over the whole file), maps them, and deletes files the manifest does not name
    /// (left by a crash). Anything missing, truncated, damaged or of another format version throws
    /// <see cref="ContentSnapshotException"/>, and the caller rebuilds.
    /// </summary>
    public static ContentPartitionIndex Load(string directory, ContentIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        (options ?? new ContentIndexOptions()).Validate();
        var full = Path.GetFullPath(directory);
        var manifest = SnapshotManifest.Read(full);
        var segments = new List<Segment>();
        try
        {
            foreach (var entry in manifest.Segments)
            {
                var segment = Segment.Open(full, entry.Generation, entry.Length, entry.Checksum, verify: true);
                segments.Add(segment);
                if (segment.Count != entry.Items)
                {
                    throw new ContentSnapshotException($"Segment file {SnapshotFiles.SegmentName(entry.Generation)} does not hold the items the manifest says.");
                }
            }

            SnapshotFiles.DeleteUnlisted(full, manifest.Segments.Select(e => e.Generation).ToHashSet());
            return new ContentPartitionIndex(full, options, [.. segments], manifest);
        }
        catch
        {
            foreach (var segment in segments)
            {
                segment.Release();
            }

            throw;
        }
    }

    /// <summary>Reads a byte of every page of every segment, so all are resident (benchmarks); returns their sum.</summary>
    internal long TouchEveryPage()
    {
        var state = Acquire();
        try
        {
            return state.Segments.Sum(s => s.TouchEveryPage());
        }
        finally
        {
            Release(state);
        }
    }

    /// <summary>
    /// Makes every item added so far durable in the directory, with <paramref name="checkpoint"/> saved beside it:
    /// the tail is built into a segment file (any full tails too), each file flushed to disk, and the manifest
    /// naming them written atomically (temporary file, fsync, rename). Cheap when nothing changed. Adds and
    /// searches go on meanwhile, and the snapshot may also hold some of the items added during the flush (full
    /// tails built meanwhile); re-adding them after a restart is harmless. Without a directory, only the
    /// checkpoint is kept.
    /// </summary>
    public void Flush(long checkpoint)
    {
        lock (_flushLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_directory is null)
            {
                Interlocked.Exchange(ref _checkpoint, checkpoint);
                return;
            }

            TailBlock[] pending;
            lock (_writer)
            {
                var state = _state;
                if (state.TailCount > 0)
                {
                    state = state.WithSealed([state.Tail], NewTail(), 0);
                    _state = state;
                }

                pending = state.SealedTails;
            }

            BuildAll(pending);
            WriteManifest(checkpoint);
            Interlocked.Exchange(ref _checkpoint, checkpoint);
        }
    }

    /// <summary>Builds the given full tails, or waits for the background builder to finish those it has taken.</summary>
    private void BuildAll(TailBlock[] pending)
    {
        while (true)
        {
            var left = pending.Where(b => Array.IndexOf(_state.SealedTails, b) >= 0).ToArray();
            if (left.Length == 0)
            {
                return;
            }

            var claimed = left.Where(b => b.TryClaim()).ToList();
            if (claimed.Count > 0)
            {
                BuildAndPublish(claimed);
            }
            else
            {
                lock (_signal)
                {
                    if (left.Any(b => Array.IndexOf(_state.SealedTails, b) >= 0))
                    {
                        Monitor.Wait(_signal, RetryDelay);
                    }
                }
            }
        }
    }

    private void WriteManifest(long checkpoint)
    {
        lock (_files)
        {
            // Segments are published only once their files are written, so every one here has its file.
            var segments = _state.Segments;
            if (_manifest is { } last && last.Checkpoint == checkpoint &&
                last.Segments.Select(e => e.Generation).SequenceEqual(segments.Select(s => s.Generation)))
            {
                return;
            }

            var manifest = new SnapshotManifest(
                checkpoint,
                Interlocked.Read(ref _nextGeneration) + 1,
                [.. segments.Select(s => new ManifestEntry(s.Generation, s.Bytes, s.Checksum, s.Count))]);
            manifest.Write(_directory!);
            _manifest = manifest;
            ManifestWrites++;
            var named = manifest.Segments.Select(e => e.Generation).ToHashSet();
            foreach (var segment in _retired.Where(s => !named.Contains(s.Generation)).ToList())
            {
                SnapshotFiles.TryDelete(segment.Path!);
                _retired.Remove(segment);
            }
        }
    }

    /// <summary>
    /// Drops a merged-away segment: its file is deleted at once unless the last manifest names it (then after the
    /// next one), and its memory is freed when the last search using it finishes.
    /// </summary>
    private void Retire(Segment segment)
    {
        lock (_files)
        {
            if (segment.Path is not null)
            {
                if (_manifest?.Segments.Any(e => e.Generation == segment.Generation) == true)
                {
                    _retired.Add(segment);
                }
                else
                {
                    SnapshotFiles.TryDelete(segment.Path);
                }
            }

            // Read under the lock: the header (and its checksum) stays readable while a flush lists the segment.
            segment.Release();
        }
    }
}
