namespace Aegis.Matching.Content;

/// <summary>The background builder: full tails into segments, and merges of segments of similar size.</summary>
public sealed partial class ContentPartitionIndex
{
    /// <summary>
    /// Two neighbouring segments are merged when the newer holds at least 1/MergeRatio of the older's items. With 1,
    /// full tails combine like a binary counter: each item is rewritten about log2(n / tail) times and there are
    /// about that many segments (2 rewrote it log1.5(n / tail) times: 12 instead of 7 at 10M).
    /// </summary>
    private const int MergeRatio = 1;

    /// <summary>How long the builder waits before trying again after a failure (e.g. a full disk).</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly object _signal = new();
    private readonly Thread _builder;
    private bool _workRequested;
    private volatile bool _busy;
    private volatile Exception? _failure;
    private long _nextGeneration;

    /// <summary>
    /// Waits until the background builder has nothing left to do: no full tail waiting, no merge due (tests,
    /// benchmarks, orderly shutdown). Throws if the builder is failing.
    /// </summary>
    public void WaitForBackgroundWork()
    {
        lock (_signal)
        {
            while (!_disposed && (_workRequested || _busy || _state.SealedTails.Length > 0 || MergeCandidate(_state.Segments) >= 0))
            {
                if (_failure is { } failure)
                {
                    throw new IOException($"The content index's background builder failed: {failure.Message}", failure);
                }

                Monitor.Wait(_signal, RetryDelay);
            }
        }
    }

    /// <summary>
    /// Waits while <see cref="ContentIndexOptions.MaxPendingTails"/> full tails wait for the builder, so a bulk add
    /// cannot outrun it without bound; never while the builder is failing (adds must not hang on a full disk).
    /// </summary>
    private void WaitForRoom()
    {
        if (_state.SealedTails.Length < _options.MaxPendingTails)
        {
            return;
        }

        lock (_signal)
        {
            while (!_disposed && _failure is null && _state.SealedTails.Length >= _options.MaxPendingTails)
            {
                Monitor.Wait(_signal, RetryDelay);
            }
        }
    }

    /// <summary>
    /// The index of the older segment of the pair to merge next, or −1: a newer segment at least as large as the
    /// one before it; failing that, while there are more than 2 + log2(items / tail capacity) segments (rows built
    /// and merged in an unlucky order, or many small flushes), the neighbours with the fewest items together.
    /// </summary>
    private int MergeCandidate(Segment[] segments)
    {
        long items = 0;
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            items += segments[i].Count;
            if (i + 1 < segments.Length && (long)segments[i + 1].Count * MergeRatio >= segments[i].Count)
            {
                return i;
            }
        }

        if (segments.Length <= 2 + Math.Log2(Math.Max(1.0, (double)items / _options.TailCapacity)))
        {
            return -1;
        }

        var best = 0;
        for (var i = 1; i + 1 < segments.Length; i++)
        {
            if ((long)segments[i].Count + segments[i + 1].Count < (long)segments[best].Count + segments[best + 1].Count)
            {
                best = i;
            }
        }

        return best;
    }

    private void Signal()
    {
        lock (_signal)
        {
            _workRequested = true;
            Monitor.PulseAll(_signal);
        }
    }

    private void PulseAll()
    {
        lock (_signal)
        {
            Monitor.PulseAll(_signal);
        }
    }

    private void BuilderLoop()
    {
        while (true)
        {
            lock (_signal)
            {
                while (!_workRequested && !_disposed)
                {
                    Monitor.Wait(_signal);
                }

                if (_disposed)
                {
                    return;
                }

                _workRequested = false;
                _busy = true;
            }

            try
            {
                while (!_disposed && (BuildSealedTails() || MergeOnce()))
                {
                    _failure = null;
                }
            }
            catch (Exception e)
            {
                // Nothing is lost: the tail or segments stay as they were and searchable. Try again after a pause.
                _failure = e;
                lock (_signal)
                {
                    _busy = false;
                    Monitor.PulseAll(_signal);
                    Monitor.Wait(_signal, RetryDelay);
                    _workRequested = true;
                }

                continue;
            }

            lock (_signal)
            {
                _busy = false;
                Monitor.PulseAll(_signal);
            }
        }
    }

    /// <summary>
    /// Builds every full tail waiting (that no flush has taken) into one segment: when adds outrun the builder, as
    /// in a rebuild, several tails become one larger segment at once instead of being built and then merged pairwise.
    /// </summary>
    private bool BuildSealedTails()
    {
        var claimed = _state.SealedTails.Where(b => b.TryClaim()).ToList();
        if (claimed.Count == 0)
        {
            return false;
        }

        BuildAndPublish(claimed);
        return true;
    }

    /// <summary>Builds claimed full tails into a segment (written to its file, with a directory) and publishes it in their place.</summary>
    private void BuildAndPublish(IReadOnlyList<TailBlock> blocks)
    {
        Segment segment;
        var sources = new List<TailSource>();
        try
        {
            foreach (var block in blocks)
            {
                sources.Add(new TailSource(block, block.Count));
            }

            segment = Persist(SegmentBuilder.Build(sources, NextGeneration()));
        }
        catch
        {
            foreach (var block in blocks)
            {
                block.Unclaim();
            }

            PulseAll();
            throw;
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }

        lock (_writer)
        {
            _state = _state.WithBuilt(blocks, segment);
        }

        foreach (var block in blocks)
        {
            block.Release();
        }

        PulseAll();
    }

    private bool MergeOnce()
    {
        var segments = _state.Segments;
        var i = MergeCandidate(segments);
        if (i < 0)
        {
            return false;
        }

        // Only this thread removes segments, so both are still there (and alive) when the merge is published.
        var (older, newer) = (segments[i], segments[i + 1]);
        var merged = Persist(SegmentBuilder.Build([older, newer], NextGeneration()));
        lock (_writer)
        {
            _state = _state.WithMerged(older, newer, merged);
        }

        Retire(older);
        Retire(newer);
        PulseAll();
        return true;
    }

    /// <summary>With a directory: writes the segment's file and returns it mapped, freeing the built copy.</summary>
    private Segment Persist(Segment built)
    {
        if (_directory is null)
        {
            return built;
        }

        try
        {
            return built.WriteFile(_directory);
        }
        finally
        {
            built.Release();
        }
    }

    private long NextGeneration() => Interlocked.Increment(ref _nextGeneration);
}
