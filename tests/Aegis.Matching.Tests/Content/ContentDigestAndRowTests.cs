using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Content;
using Aegis.Matching.Tests.Index;

namespace Aegis.Matching.Tests.Content;

public sealed class ContentDigestAndRowTests
{
    [Theory]
    [InlineData(65_536)]
    [InlineData(8)]
    public void Md5_and_sha256_lookups_find_every_item_with_the_digest_and_nothing_for_an_unknown_one(int tailCapacity)
    {
        // Given items with and without digests, some sharing one (the same file uploaded many times)
        var random = new Random(tailCapacity);
        var sharedMd5 = ContentOracle.RandomMd5(random);
        var sharedSha = ContentOracle.RandomSha256(random);
        var oracle = new ContentOracle();
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = tailCapacity });
        var items = new List<ContentItem>();
        for (var row = 1; row <= 2_000; row++)
        {
            items.Add(new ContentItem(
                row,
                row % 5 == 0 ? null : RandomHashes.Next(random),
                row % 3 == 0 ? null : row % 40 == 1 ? sharedMd5 : ContentOracle.RandomMd5(random),
                row % 7 == 0 ? null : row % 50 == 2 ? sharedSha : ContentOracle.RandomSha256(random)));
        }

        ContentPdqSearchTests.AddInBatches(index, oracle, items, random);
        foreach (var settled in new[] { false, true })
        {
            if (settled)
            {
                index.WaitForBackgroundWork();
            }

            // Then
            Assert.Equal(oracle.SearchMd5(sharedMd5), Md5(index, sharedMd5));
            Assert.Equal(Enumerable.Range(1, 2_000).Count(r => r % 40 == 1 && r % 3 != 0), Md5(index, sharedMd5).Count);
            Assert.Equal(oracle.SearchSha256(sharedSha), Sha(index, sharedSha));
            Assert.Equal(Enumerable.Range(1, 2_000).Count(r => r % 50 == 2 && r % 7 != 0), Sha(index, sharedSha).Count);
            foreach (var item in items.Where((_, i) => i % 97 == 0))
            {
                Assert.Equal(oracle.SearchMd5(item.Md5 ?? default), item.Md5 is { } m ? Md5(index, m) : oracle.SearchMd5(default));
                if (item.Sha256 is { } s)
                {
                    Assert.Equal([item.RowId], Sha(index, s));
                }
            }

            Assert.Empty(Md5(index, ContentOracle.RandomMd5(random)));
            Assert.Empty(Sha(index, ContentOracle.RandomSha256(random)));
        }
    }

    [Fact]
    public void A_digest_differing_only_after_its_first_8_bytes_is_told_apart_in_the_tail()
    {
        // Segments compare fingerprints (the first 8 bytes: the caller confirms against the row); the tail compares whole digests.
        using var index = new ContentPartitionIndex(null);
        index.Add(new ContentItem(1, null, new Md5Hash(42, 1), new Sha256Hash(42, 1, 1, 1)));

        Assert.Empty(Md5(index, new Md5Hash(42, 2)));
        Assert.Empty(Sha(index, new Sha256Hash(42, 1, 1, 2)));
        Assert.Equal([1L], Md5(index, new Md5Hash(42, 1)));
    }

    public static TheoryData<long[]> RowSets => new()
    {
        // Dense rows past 2^31 (2-byte deltas), rows 100,000 apart (4-byte deltas), and rows across the whole long range (8-byte deltas).
        Enumerable.Range(0, 3_000).Select(i => (1L << 31) - 1_000 + i).ToArray(),
        Enumerable.Range(0, 3_000).Select(i => (1L << 32) + (i * 100_000L)).ToArray(),
        Enumerable.Range(0, 3_000).Select(i => (i * (long.MaxValue / 3_001)) + 1).ToArray(),
    };

    [Theory]
    [MemberData(nameof(RowSets))]
    public void Rows_past_2_to_the_31_and_far_apart_come_back_exactly(long[] rows)
    {
        var random = new Random(rows.Length);
        var oracle = new ContentOracle();
        // Two full tails of 1,000 merge into one segment of 2,000; the last 1,000 stay in the tail.
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = 1_000 });
        var items = rows.Select(r => ContentOracle.RandomItem(random, r)).ToList();
        ContentPdqSearchTests.AddInBatches(index, oracle, items, random);
        index.WaitForBackgroundWork();

        Assert.Equal(1, index.Stats.Segments);
        foreach (var item in items.Where((_, i) => i % 37 == 0))
        {
            var results = new List<(long RowId, int Distance)>();
            index.SearchPdq(item.Pdq!.Value, 0, results);
            Assert.Equal([(item.RowId, 0)], results);
            Assert.Equal([item.RowId], Md5(index, item.Md5!.Value));
        }
    }

    [Fact]
    public void A_row_added_again_is_held_once_wherever_the_first_copy_is()
    {
        // Given rows in a segment, in a full tail and in the tail
        var random = new Random(9);
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = 100 });
        var items = Enumerable.Range(1, 1_050).Select(r => ContentOracle.RandomItem(random, r * 2L)).ToArray();
        index.AddRange(items.AsSpan(0, 1_000));
        index.WaitForBackgroundWork();
        index.AddRange(items.AsSpan(1_000));

        // When every row is added again (with other hashes, in another order), some in the same batch twice
        var again = items.Select(i => ContentOracle.RandomItem(random, i.RowId)).Reverse().ToArray();
        index.AddRange(again);
        index.AddRange(again.AsSpan(0, 10));
        index.AddRange([ContentOracle.RandomItem(random, 5), ContentOracle.RandomItem(random, 5)]);
        index.WaitForBackgroundWork();

        // Then each row is held once, with its first hashes, and a new row in between was added once
        Assert.Equal(1_051, index.Count);
        foreach (var item in items.Where((_, i) => i % 13 == 0).Append(items[^1]))
        {
            var results = new List<(long RowId, int Distance)>();
            index.SearchPdq(item.Pdq!.Value, 0, results);
            Assert.Equal([(item.RowId, 0)], results);
        }

        var all = new List<(long RowId, int Distance)>();
        index.SearchPdq(PdqHash.Zero, 256, all);
        Assert.Equal(1_051, all.Count);
        Assert.Equal(all.Count, all.Select(r => r.RowId).Distinct().Count());
    }

    [Fact]
    public void A_merge_of_sources_holding_the_same_row_keeps_the_first_copy_only()
    {
        // Adds never let a row in twice; the builder still keeps one copy (the first source's) if it meets one.
        var random = new Random(31);
        var first = Enumerable.Range(1, 10).Select(r => ContentOracle.RandomItem(random, r)).ToArray();
        var second = new[] { ContentOracle.RandomItem(random, 5), ContentOracle.RandomItem(random, 11) };
        var (a, b) = (new TailBlock(16), new TailBlock(16));
        Array.ForEach(first, i => a.Append(i));
        Array.ForEach(second, i => b.Append(i));
        Segment segment;
        using (TailSource sa = new(a, a.Count), sb = new(b, b.Count))
        {
            segment = SegmentBuilder.Build([sa, sb], generation: 1);
        }

        try
        {
            Assert.Equal(11, segment.Count);
            Assert.Equal(11, segment.DigestCount(DigestKind.Md5));
            var rows = new List<long>();
            segment.SearchDigest(DigestKind.Md5, first[4].Md5!.Value.High, rows);
            segment.SearchDigest(DigestKind.Md5, second[0].Md5!.Value.High, rows);
            segment.SearchDigest(DigestKind.Sha256, second[1].Sha256!.Value.W0, rows);
            Assert.Equal([5L, 11L], rows);
            Assert.Equal(first[4].Pdq, segment.Pdq(4));
        }
        finally
        {
            segment.Release();
            a.Release();
            b.Release();
        }
    }

    private static List<long> Md5(ContentPartitionIndex index, Md5Hash query)
    {
        var rows = new List<long>();
        index.SearchMd5(query, rows);
        return ContentOracle.Sorted(rows);
    }

    private static List<long> Sha(ContentPartitionIndex index, Sha256Hash query)
    {
        var rows = new List<long>();
        index.SearchSha256(query, rows);
        return ContentOracle.Sorted(rows);
    }
}
