using Aegis.Hashing.Pdq;
using Aegis.Matching.Content;
using Aegis.Matching.Tests.Index;

namespace Aegis.Matching.Tests.Content;

public sealed class ContentPdqSearchTests
{
    private static readonly int[] Distances = [0, 1, 2, 7, 8, 9, 15, 16, 31, 32, 40, 41, 64, 100, 128, 256];

    /// <summary>Tail capacity and random items: nothing at all, a lone item in the tail or in a segment, and sizes that force many merges.</summary>
    public static TheoryData<int, int> Configurations => new()
    {
        { 65_536, 0 },
        { 65_536, 1 },
        { 1, 1 },
        { 7, 300 },
        { 16, 1_000 },
        { 100, 5_000 },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Pdq_search_finds_exactly_what_brute_force_finds(int tailCapacity, int randomItems)
    {
        // Given random items and items planted around each query at every distance 0..40 and some up to 128, both
        // random flips and the hardest spreads (ContentOracle.Spread), added in shuffled batches (rows out of order too)
        var random = new Random((tailCapacity * 7919) + randomItems);
        var queries = randomItems == 0 ? [RandomHashes.Next(random)] : Enumerable.Range(0, 4).Select(_ => RandomHashes.Next(random)).ToArray();
        var items = Generate(random, randomItems, randomItems == 0 ? [] : queries);
        var oracle = new ContentOracle();
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = tailCapacity });
        AddInBatches(index, oracle, items, random);

        // Then every search is exact, while the builder works and once it is done
        AssertExact(index, oracle, queries);
        index.WaitForBackgroundWork();
        AssertExact(index, oracle, queries);
        Assert.Equal(oracle.Count, index.Count);
        var tails = oracle.Count / tailCapacity;
        Assert.True(index.Stats.Segments <= Math.Log2(Math.Max(1, tails)) + 2, $"{index.Stats.Segments} segments for {tails} built tails");
    }

    [Fact]
    public void Segments_large_enough_for_wide_buckets_and_three_byte_slots_are_exact()
    {
        // Given 70,000 items (segments of more than 65,536 items: 16-bit buckets, 3-byte slot numbers)
        var random = new Random(70_000);
        var queries = Enumerable.Range(0, 3).Select(_ => RandomHashes.Next(random)).ToArray();
        var oracle = new ContentOracle();
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = 35_000 });
        AddInBatches(index, oracle, Generate(random, 70_000, queries), random);
        index.WaitForBackgroundWork();

        // Then
        Assert.Equal(1, index.Stats.Segments);
        AssertExact(index, oracle, queries);
    }

    [Fact]
    public void Probing_a_segment_is_exact_at_every_distance_without_falling_back_to_a_scan()
    {
        // Given a segment of random and planted items, with many copies of one hash (more than a bucket block's
        // byte can count, so its table has overflow blocks)
        var random = new Random(11);
        var queries = Enumerable.Range(0, 3).Select(_ => RandomHashes.Next(random)).ToArray();
        var items = Generate(random, 3_000, queries);
        var copy = RandomHashes.Next(random);
        items.AddRange(Enumerable.Range(0, 600).Select(i => new ContentItem(1_000_000 + i, i % 3 == 0 ? copy : RandomHashes.Flip(copy, 1 + (i % 5), random), null, null)));
        var oracle = new ContentOracle();
        var block = new TailBlock(items.Count);
        foreach (var item in items.OrderBy(i => i.RowId))
        {
            block.Append(item);
            oracle.Add(item);
        }

        Segment segment;
        using (var source = new TailSource(block, block.Count))
        {
            segment = SegmentBuilder.Build([source], generation: 1);
        }

        block.Release();
        try
        {
            Assert.True(segment.Header.Lengths[SegmentHeader.FirstTable] > BucketTable.FixedBytes(segment.Header.BucketBits), "overflow blocks");

            // Then probing (never scanning) finds exactly the brute-force answer
            Span<int> radii = stackalloc int[PdqChunks.Count];
            foreach (var query in queries.Append(copy))
            {
                for (var d = 0; d <= 64; d += d < 40 ? 1 : 8)
                {
                    PdqChunks.Radii(d, radii);
                    var results = new List<(long RowId, int Distance)>();
                    segment.SearchPdq(query, d, radii, results, scanAllowed: false);
                    Assert.Equal(oracle.SearchPdq(query, d), ContentOracle.Sorted(results));
                }
            }
        }
        finally
        {
            segment.Release();
        }
    }

    [Fact]
    public void Items_without_a_pdq_hash_are_never_pdq_matches()
    {
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = 4 });
        var random = new Random(5);
        for (var row = 1; row <= 40; row++)
        {
            index.Add(new ContentItem(row, row % 2 == 0 ? PdqHash.Zero : null, ContentOracle.RandomMd5(random), null));
        }

        index.WaitForBackgroundWork();
        var results = new List<(long RowId, int Distance)>();
        index.SearchPdq(PdqHash.Zero, 256, results);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => ((long)i * 2, 0)), ContentOracle.Sorted(results));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(257)]
    public void A_distance_outside_0_to_256_is_refused(int distance)
    {
        using var index = new ContentPartitionIndex(null);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.SearchPdq(PdqHash.Zero, distance, []));
    }

    internal static List<ContentItem> Generate(Random random, int randomItems, PdqHash[] queries)
    {
        var items = new List<ContentItem>();
        long row = 1;
        for (var i = 0; i < randomItems; i++)
        {
            items.Add(ContentOracle.RandomItem(random, row++));
        }

        foreach (var query in queries)
        {
            foreach (var d in ContentOracle.PlantedDistances)
            {
                items.Add(new ContentItem(row++, RandomHashes.Flip(query, d, random), ContentOracle.RandomMd5(random), null));
            }

            for (var d = 0; d <= 40; d++)
            {
                for (var low = 0; low < 8; low++)
                {
                    items.Add(new ContentItem(row++, ContentOracle.Spread(query, d, low), null, null));
                }
            }
        }

        return items;
    }

    internal static void AddInBatches(ContentPartitionIndex index, ContentOracle oracle, List<ContentItem> items, Random random)
    {
        var shuffled = items.OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < shuffled.Length;)
        {
            var n = Math.Min(shuffled.Length - i, 1 + random.Next(50));
            index.AddRange(shuffled.AsSpan(i, n));
            foreach (var item in shuffled.AsSpan(i, n))
            {
                oracle.Add(item);
            }

            i += n;
        }
    }

    internal static void AssertExact(ContentPartitionIndex index, ContentOracle oracle, IEnumerable<PdqHash> queries)
    {
        foreach (var query in queries)
        {
            foreach (var d in Distances)
            {
                var results = new List<(long RowId, int Distance)>();
                index.SearchPdq(query, d, results);
                Assert.Equal(oracle.SearchPdq(query, d), ContentOracle.Sorted(results));
            }
        }
    }
}
