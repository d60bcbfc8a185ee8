namespace Aegis.Matching.Index;

/// <summary>
/// Exact lookup of MD5 or SHA-256 digests to entry keys, with the same guarantees as
/// <see cref="PdqIndex"/>: lock-free lookups on one consistent snapshot, batches published whole.
/// A snapshot is a read-only dictionary built at load, plus a small copy-on-write dictionary of
/// later additions and a set of removed keys; past <see cref="PdqIndexOptions.MergeThreshold"/>
/// additions the three are folded into a new dictionary.
/// </summary>
public sealed class ExactIndex<T>
    where T : notnull, IEquatable<T>
{
    private readonly Lock _writer = new();
    private readonly int _mergeThreshold;
    private volatile Snapshot _current = new(new Dictionary<T, int[]>(), new Dictionary<T, int[]>(), new HashSet<int>());

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
        index._current = new Snapshot(Group(entries), new Dictionary<T, int[]>(), new HashSet<int>());
        return index;
    }

    /// <summary>Appends the keys of the live entries holding <paramref name="hash"/>; returns how many.</summary>
    public int Search(T hash, List<int> keys)
    {
        var s = _current;
        var found = 0;
        foreach (var part in new[] { s.Base, s.Pending })
        {
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
        }

        return found;
    }

    /// <summary>Adds entries as one change.</summary>
    public void AddRange(IReadOnlyList<(T Hash, int Key)> entries)
    {
        lock (_writer)
        {
            var s = _current;
            var removed = s.Removed;
            if (entries.Any(e => removed.Contains(e.Key)))
            {
                // A key that comes back after removal: it is live again.
                removed = new HashSet<int>(removed);
                removed.ExceptWith(entries.Select(e => e.Key));
            }

            var pending = new Dictionary<T, int[]>(s.Pending);
            foreach (var (hash, key) in entries)
            {
                pending[hash] = pending.TryGetValue(hash, out var keys) ? [.. keys, key] : [key];
            }

            _current = pending.Count >= _mergeThreshold
                ? new Snapshot(Fold(s.Base, pending, removed), new Dictionary<T, int[]>(), new HashSet<int>())
                : new Snapshot(s.Base, pending, removed);
        }
    }

    public void Add(T hash, int key) => AddRange([(hash, key)]);

    /// <summary>Removes the entry with this key (its hash is needed to find it); returns whether it was live.</summary>
    public bool Remove(T hash, int key)
    {
        lock (_writer)
        {
            var s = _current;
            var present = (s.Base.TryGetValue(hash, out var a) && a.Contains(key)) || (s.Pending.TryGetValue(hash, out var b) && b.Contains(key));
            if (!present || s.Removed.Contains(key))
            {
                return false;
            }

            _current = s with { Removed = new HashSet<int>(s.Removed) { key } };
            return true;
        }
    }

    private static Dictionary<T, int[]> Group(IEnumerable<(T Hash, int Key)> entries)
    {
        var grouped = new Dictionary<T, int[]>();
        foreach (var (hash, key) in entries)
        {
            grouped[hash] = grouped.TryGetValue(hash, out var keys) ? [.. keys, key] : [key];
        }

        return grouped;
    }

    private static Dictionary<T, int[]> Fold(Dictionary<T, int[]> base_, Dictionary<T, int[]> pending, HashSet<int> removed)
    {
        var folded = new Dictionary<T, int[]>(base_.Count + pending.Count);
        foreach (var part in new[] { base_, pending })
        {
            foreach (var (hash, keys) in part)
            {
                var live = keys.Where(k => !removed.Contains(k)).ToArray();
                if (live.Length > 0)
                {
                    folded[hash] = folded.TryGetValue(hash, out var existing) ? [.. existing, .. live] : live;
                }
            }
        }

        return folded;
    }

    private sealed record Snapshot(Dictionary<T, int[]> Base, Dictionary<T, int[]> Pending, HashSet<int> Removed);
}
