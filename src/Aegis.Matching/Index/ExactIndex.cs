namespace Aegis.Matching.Index;

/// <summary>
/// Exact lookup of MD5 or SHA-256 digests to entry keys, with the same guarantees as
/// <see cref="PdqIndex"/>: lock-free lookups on one consistent snapshot, batches published whole,
/// nothing rebuilt on a change. A snapshot is a read-only dictionary, a small copy-on-write
/// dictionary of later additions and a set of removed keys; past
/// <see cref="PdqIndexOptions.MergeThreshold"/> additions and removals the three are folded into a
/// new dictionary in the background, and changes made meanwhile are replayed onto it.
/// </summary>
public sealed class ExactIndex<T>
    where T : notnull, IEquatable<T>
{
    private readonly Lock _writer = new();
    private readonly int _mergeThreshold;
    private volatile Snapshot _current = Snapshot.Empty;
    private volatile Task _merge = Task.CompletedTask;
    private List<(T Hash, int Key, bool Remove)>? _changesDuringMerge;

    public ExactIndex(PdqIndexOptions? options = null)
    {
        _mergeThreshold = (options ?? new PdqIndexOptions()).MergeThreshold;
    }

    /// <summary>Live entries.</summary>
    public long Count
    {
        get
        {
            var s = _current;
            return s.Base.Values.Sum(k => (long)k.Length) + s.Pending.Values.Sum(k => (long)k.Length) - s.Removed.Count;
        }
    }

    /// <summary>Builds the index over the given entries at once.</summary>
    public static ExactIndex<T> Build(IEnumerable<(T Hash, int Key)> entries, PdqIndexOptions? options = null)
    {
        var index = new ExactIndex<T>(options);
        var grouped = new Dictionary<T, int[]>();
        foreach (var (hash, key) in entries)
        {
            grouped[hash] = grouped.TryGetValue(hash, out var keys) ? [.. keys, key] : [key];
        }

        index._current = Snapshot.Empty with { Base = grouped };
        return index;
    }

    /// <summary>Appends the keys of the live entries holding <paramref name="hash"/>; returns how many.</summary>
    public int Search(T hash, List<int> keys)
    {
        var s = _current;
        var found = 0;
        found += Collect(s, s.Base, hash, keys);
        found += Collect(s, s.Pending, hash, keys);
        return found;
    }

    public void Add(T hash, int key) => AddRange([(hash, key)]);

    /// <summary>Adds entries as one change.</summary>
    public void AddRange(IReadOnlyList<(T Hash, int Key)> entries)
    {
        lock (_writer)
        {
            _current = Append(_current, entries);
            _changesDuringMerge?.AddRange(entries.Select(e => (e.Hash, e.Key, false)));
            MergeIfDue();
        }
    }

    /// <summary>Removes the entry with this key (its hash is needed to find it); returns whether it was live.</summary>
    public bool Remove(T hash, int key)
    {
        lock (_writer)
        {
            var (next, removed) = RemoveFrom(_current, hash, key);
            _current = next;
            _changesDuringMerge?.Add((hash, key, true));
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

    private static int Collect(Snapshot s, Dictionary<T, int[]> part, T hash, List<int> keys)
    {
        var found = 0;
        if (part.TryGetValue(hash, out var hits))
        {
            foreach (var key in hits)
            {
                if (!s.Removed.Contains(key))
                {
                    keys.Add(key);
                    found++;
                }
            }
        }

        return found;
    }

    private static Snapshot Append(Snapshot s, IEnumerable<(T Hash, int Key)> entries)
    {
        Dictionary<T, int[]>? pending = null;
        HashSet<int>? removed = null;
        foreach (var (hash, key) in entries)
        {
            var current = s with { Pending = pending ?? s.Pending, Removed = removed ?? s.Removed };
            if (Holds(current, hash, key))
            {
                // Already indexed: a removed entry comes back to life; a live one is not added twice.
                if (current.Removed.Contains(key))
                {
                    (removed ??= new HashSet<int>(s.Removed)).Remove(key);
                }

                continue;
            }

            pending ??= new Dictionary<T, int[]>(s.Pending);
            pending[hash] = pending.TryGetValue(hash, out var keys) ? [.. keys, key] : [key];
        }

        return s with { Pending = pending ?? s.Pending, Removed = removed ?? s.Removed };
    }

    private static bool Holds(Snapshot s, T hash, int key) =>
        (s.Base.TryGetValue(hash, out var a) && a.Contains(key)) || (s.Pending.TryGetValue(hash, out var b) && b.Contains(key));

    private static (Snapshot Next, bool Removed) RemoveFrom(Snapshot s, T hash, int key)
    {
        return !Holds(s, hash, key) || s.Removed.Contains(key)
            ? (s, false)
            : (s with { Removed = new HashSet<int>(s.Removed) { key } }, true);
    }

    private void MergeIfDue()
    {
        var s = _current;
        if (s.Pending.Count + s.Removed.Count < _mergeThreshold || _changesDuringMerge is not null)
        {
            return;
        }

        _changesDuringMerge = [];
        _merge = Task.Run(() =>
        {
            Dictionary<T, int[]> folded;
            try
            {
                folded = Fold(s);
            }
            catch
            {
                lock (_writer)
                {
                    _changesDuringMerge = null;
                }

                throw;
            }

            lock (_writer)
            {
                var next = Snapshot.Empty with { Base = folded };
                foreach (var (hash, key, remove) in _changesDuringMerge!)
                {
                    next = remove ? RemoveFrom(next, hash, key).Next : Append(next, [(hash, key)]);
                }

                _current = next;
                _changesDuringMerge = null;
                MergeIfDue();
            }
        });
    }

    private static Dictionary<T, int[]> Fold(Snapshot s)
    {
        var folded = new Dictionary<T, int[]>(s.Base.Count + s.Pending.Count);
        foreach (var part in new[] { s.Base, s.Pending })
        {
            foreach (var (hash, keys) in part)
            {
                var live = keys.Where(k => !s.Removed.Contains(k)).ToArray();
                if (live.Length > 0)
                {
                    folded[hash] = folded.TryGetValue(hash, out var existing) ? [.. existing, .. live] : live;
                }
            }
        }

        return folded;
    }

    private sealed record Snapshot(Dictionary<T, int[]> Base, Dictionary<T, int[]> Pending, HashSet<int> Removed)
    {
        public static Snapshot Empty { get; } = new(new Dictionary<T, int[]>(), new Dictionary<T, int[]>(), []);
    }
}
