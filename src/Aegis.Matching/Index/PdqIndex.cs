using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Index;

/// <summary>
/// Exact range search over 256-bit PDQ hashes: every entry within a Hamming distance of a query,
/// with its distance. Lookups are lock-free and see one consistent snapshot; changes are
/// published whole (a batch is visible all at once or not at all) and are visible to the next
/// lookup, with no rebuild and no pause.
/// </summary>
/// <remarks>
/// A snapshot is an immutable multi-index segment, a short list of entries added since it was
/// built (scanned linearly), and the slots removed since. When the list grows past
/// <see cref="PdqIndexOptions.MergeThreshold"/> (added plus removed), a new segment is built in the background from the
/// snapshot of that moment; changes made meanwhile are replayed onto it when it is swapped in.
/// </remarks>
public sealed class PdqIndex
{
    private readonly Lock _writer = new();
    private readonly PdqIndexOptions _options;
    private volatile Snapshot _current = Snapshot.Empty;
    private List<Change>? _changesDuringMerge;
    private volatile Task _merge = Task.CompletedTask;

    public PdqIndex(PdqIndexOptions? options = null)
    {
        _options = options ?? new PdqIndexOptions();
    }

    /// <summary>Builds an index over the given entries at once (the load at start-up).</summary>
    public static PdqIndex Build(ReadOnlySpan<PdqHash> hashes, ReadOnlySpan<int> keys, PdqIndexOptions? options = null)
    {
        var index = new PdqIndex(options);
        index._current = new Snapshot(hashes.IsEmpty ? null : PdqSegment.Build(hashes, keys), PendingList.Empty, 0, []);
        return index;
    }

    /// <summary>Live entries.</summary>
    public long Count
    {
        get
        {
            var s = _current;
            return (s.Segment?.Count ?? 0) + s.PendingCount - s.Removed.Length;
        }
    }

    public PdqIndexStats Stats
    {
        get
        {
            var s = _current;
            return new PdqIndexStats(
                (s.Segment?.Count ?? 0) + s.PendingCount - s.Removed.Length,
                s.Segment?.Count ?? 0,
                s.PendingCount,
                s.Removed.Length,
                s.Segment?.Layout.Count ?? 0,
                (s.Segment?.Bytes ?? 0) + s.Pending.Bytes);
        }
    }

    /// <summary>Appends to <paramref name="results"/> every entry within <paramref name="maxDistance"/> of the query; returns how many.</summary>
    public int Search(PdqHash query, int maxDistance, List<PdqMatch> results)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistance, PdqHash.BitCount);
        var s = _current;
        var collector = new MatchCollector(results, s.Removed);
        var segmentCount = s.Segment?.Count ?? 0;
        s.Segment?.Search(query, maxDistance, s.Segment.Layout.Radii(maxDistance), ref collector, 0);
        var pending = s.Pending.Hashes.AsSpan(0, s.PendingCount);
        for (var i = 0; i < pending.Length; i++)
        {
            var distance = pending[i].DistanceTo(query);
            if (distance <= maxDistance)
            {
                collector.Add(segmentCount + i, s.Pending.Keys[i], distance);
            }
        }

        return collector.Found;
    }

    /// <summary>Adds one entry; the next lookup finds it.</summary>
    public void Add(PdqHash hash, int key) => AddRange([hash], [key]);

    /// <summary>Adds entries as one change: a lookup sees all of them or none.</summary>
    public void AddRange(ReadOnlySpan<PdqHash> hashes, ReadOnlySpan<int> keys)
    {
        if (hashes.Length != keys.Length)
        {
            throw new ArgumentException("One key per hash.", nameof(keys));
        }

        lock (_writer)
        {
            _current = Append(_current, hashes, keys);
            _changesDuringMerge?.Add(new Change(hashes.ToArray(), keys.ToArray(), Remove: false));
            MergeIfDue();
        }
    }

    /// <summary>Removes the entries with this hash and key; returns how many were live.</summary>
    public int Remove(PdqHash hash, int key)
    {
        lock (_writer)
        {
            var (next, removed) = RemoveFrom(_current, hash, key);
            _current = next;
            _changesDuringMerge?.Add(new Change([hash], [key], Remove: true));
            MergeIfDue();
            return removed;
        }
    }

    /// <summary>Waits until no background merge runs (tests and orderly shutdown).</summary>
    public async Task WaitForMergeAsync()
    {
        Task running;
        while (!(running = _merge).IsCompleted)
        {
            await running;
        }

        await running;
    }

    private void MergeIfDue()
    {
        // Removed slots count too: each removal copies the removed list, so it must stay short.
        if (_current.PendingCount + _current.Removed.Length < _options.MergeThreshold || _changesDuringMerge is not null)
        {
            return;
        }

        var snapshot = _current;
        _changesDuringMerge = [];
        _merge = Task.Run(() =>
        {
            PdqSegment? segment;
            try
            {
                segment = Merge(snapshot);
            }
            catch
            {
                // The current snapshot stays valid and complete; the next addition tries again.
                lock (_writer)
                {
                    _changesDuringMerge = null;
                }

                throw;
            }

            lock (_writer)
            {
                var next = new Snapshot(segment, PendingList.Empty, 0, []);
                foreach (var change in _changesDuringMerge!)
                {
                    next = change.Remove
                        ? RemoveFrom(next, change.Hashes[0], change.Keys[0]).Next
                        : Append(next, change.Hashes, change.Keys);
                }

                _current = next;
                _changesDuringMerge = null;

                // Changes replayed from during the merge may already call for the next one.
                MergeIfDue();
            }
        });
    }

    private static PdqSegment? Merge(Snapshot s)
    {
        var total = (s.Segment?.Count ?? 0) + s.PendingCount;
        var hashes = new PdqHash[total - s.Removed.Length];
        var keys = new int[hashes.Length];
        var n = 0;
        for (var slot = 0; slot < total; slot++)
        {
            if (s.Removed.AsSpan().BinarySearch(slot) >= 0)
            {
                continue;
            }

            (hashes[n], keys[n]) = s.Entry(slot);
            n++;
        }

        return n == 0 ? null : PdqSegment.Build(hashes, keys);
    }

    private static Snapshot Append(Snapshot s, ReadOnlySpan<PdqHash> hashes, ReadOnlySpan<int> keys)
    {
        var pending = s.Pending.EnsureCapacity(s.PendingCount + hashes.Length, s.PendingCount);
        hashes.CopyTo(pending.Hashes.AsSpan(s.PendingCount));
        keys.CopyTo(pending.Keys.AsSpan(s.PendingCount));
        return s with { Pending = pending, PendingCount = s.PendingCount + hashes.Length };
    }

    private static (Snapshot Next, int Removed) RemoveFrom(Snapshot s, PdqHash hash, int key)
    {
        var slots = new List<int>();
        var total = (s.Segment?.Count ?? 0) + s.PendingCount;
        s.Segment?.FindExact(hash, key, slots);

        for (var i = 0; i < s.PendingCount; i++)
        {
            if (s.Pending.Keys[i] == key && s.Pending.Hashes[i] == hash)
            {
                slots.Add((s.Segment?.Count ?? 0) + i);
            }
        }

        slots.RemoveAll(slot => slot >= total || s.Removed.AsSpan().BinarySearch(slot) >= 0);
        if (slots.Count == 0)
        {
            return (s, 0);
        }

        var removed = s.Removed.Concat(slots).Order().ToArray();
        return (s with { Removed = removed }, slots.Count);
    }

    private sealed record Change(PdqHash[] Hashes, int[] Keys, bool Remove);

    /// <summary>One consistent state: lookups read only this.</summary>
    private sealed record Snapshot(PdqSegment? Segment, PendingList Pending, int PendingCount, int[] Removed)
    {
        public static Snapshot Empty { get; } = new(null, PendingList.Empty, 0, []);

        public (PdqHash Hash, int Key) Entry(int slot)
        {
            var indexed = Segment?.Count ?? 0;
            return slot < indexed
                ? (Segment!.Hash(slot), Segment.Key(slot))
                : (Pending.Hashes[slot - indexed], Pending.Keys[slot - indexed]);
        }
    }
}
