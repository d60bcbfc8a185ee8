namespace Aegis.Matching.Formats;

/// <summary>
/// Merges duplicate entries (same <see cref="HashListRecord.Type"/> and <see cref="HashListRecord.Value"/>) for an
/// importer: the first occurrence is kept, later ones are dropped and counted. It remembers each distinct hash as
/// 40 bytes of bits, not as a string.
/// </summary>
public sealed class HashListDeduplicator
{
    private readonly HashSet<HashKey> _seen;

    /// <summary>A deduplicator with room for <paramref name="capacity"/> distinct hashes before it grows.</summary>
    /// <param name="capacity">The expected number of distinct hashes.</param>
    public HashListDeduplicator(int capacity = 0)
    {
        _seen = new HashSet<HashKey>(capacity);
    }

    /// <summary>How many distinct hashes have been seen.</summary>
    public int UniqueCount => _seen.Count;

    /// <summary>How many records were duplicates of one seen before.</summary>
    public long MergedCount { get; private set; }

    /// <summary>True the first time a hash is seen; false (and counted) for a duplicate.</summary>
    /// <param name="record">The record; its value must be a valid hash of its type.</param>
    /// <exception cref="ArgumentException">The value is not a valid hash of its type.</exception>
    public bool TryAdd(HashListRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_seen.Add(HashKey.From(record)))
        {
            return true;
        }

        MergedCount++;
        return false;
    }

    /// <summary>The items with later duplicates dropped (and counted); errors pass through. Lazy.</summary>
    /// <param name="items">What a <see cref="HashListReader"/> yields.</param>
    public IEnumerable<HashListItem> RemoveDuplicates(IEnumerable<HashListItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Iterate(items);

        IEnumerable<HashListItem> Iterate(IEnumerable<HashListItem> source)
        {
            foreach (var item in source)
            {
                if (item.Record is null || TryAdd(item.Record))
                {
                    yield return item;
                }
            }
        }
    }
}
