using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Content;
using Aegis.Matching.Tests.Index;

namespace Aegis.Matching.Tests.Content;

/// <summary>Generated items (random bits, not hashes of any image) and the brute-force answers a content index must give.</summary>
internal sealed class ContentOracle
{
    private readonly Dictionary<long, ContentItem> _items = [];

    public int Count => _items.Count;

    public IEnumerable<ContentItem> Items => _items.Values;

    /// <summary>Records an item as the index does: the first add of a row wins.</summary>
    public void Add(ContentItem item) => _items.TryAdd(item.RowId, item);

    public List<(long RowId, int Distance)> SearchPdq(PdqHash query, int maxDistance) =>
        [.. _items.Values.Where(i => i.Pdq is { } p && p.DistanceTo(query) <= maxDistance)
            .Select(i => (i.RowId, i.Pdq!.Value.DistanceTo(query))).Order()];

    public List<long> SearchMd5(Md5Hash query) => [.. _items.Values.Where(i => i.Md5 == query).Select(i => i.RowId).Order()];

    public List<long> SearchSha256(Sha256Hash query) => [.. _items.Values.Where(i => i.Sha256 == query).Select(i => i.RowId).Order()];

    public static ContentItem RandomItem(Random random, long row) =>
        new(row, RandomHashes.Next(random), RandomMd5(random), RandomSha256(random));

    public static Md5Hash RandomMd5(Random random) => new((ulong)random.NextInt64() ^ ((ulong)random.Next() << 63), (ulong)random.NextInt64());

    public static Sha256Hash RandomSha256(Random random) =>
        new((ulong)random.NextInt64() ^ ((ulong)random.Next() << 63), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());

    /// <summary>Distances at which items are planted around a query: every one from 0 to 40, and some up to 128.</summary>
    public static IEnumerable<int> PlantedDistances => Enumerable.Range(0, 41).Concat([48, 56, 64, 80, 96, 112, 128]);

    /// <summary>
    /// A hash <paramref name="distance"/> bits from <paramref name="query"/> with the flips spread as evenly as the
    /// pigeonhole allows over the 8 chunks of 32 bits, in each chunk's top bits (the bits that pick its bucket), and
    /// the fewest in chunk <paramref name="lowChunk"/>: the hardest neighbour for multi-index hashing, found through
    /// one chunk only, so a radius one too small in any chunk misses it.
    /// </summary>
    public static PdqHash Spread(PdqHash query, int distance, int lowChunk)
    {
        Span<ulong> w = [query.W0, query.W1, query.W2, query.W3];
        for (var i = 0; i < 8; i++)
        {
            var chunk = (i + lowChunk + 1) % 8;
            var flips = (distance / 8) + (i < distance % 8 ? 1 : 0);
            for (var b = 0; b < flips; b++)
            {
                var bit = (32 * chunk) + 31 - b;
                w[bit >> 6] ^= 1UL << (bit & 63);
            }
        }

        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    public static List<(long RowId, int Distance)> Sorted(List<(long RowId, int Distance)> results) => [.. results.Order()];

    public static List<long> Sorted(List<long> rows) => [.. rows.Order()];
}
