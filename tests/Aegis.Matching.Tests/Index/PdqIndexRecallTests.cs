using Aegis.Hashing.Pdq;
using Aegis.Matching.Index;

namespace Aegis.Matching.Tests.Index;

/// <summary>100% recall against brute force, with neighbours planted at every distance 0..d+2.</summary>
public sealed class PdqIndexRecallTests
{
    [Theory]
    [InlineData(1_000_000, 31, 60)]
    [InlineData(200_000, 31, 100)]
    [InlineData(50_000, 0, 100)]
    [InlineData(50_000, 5, 100)]
    [InlineData(50_000, 10, 100)]
    [InlineData(50_000, 12, 100)]
    [InlineData(50_000, 45, 20)]
    [InlineData(3_000, 31, 100)]
    public void Finds_exactly_what_brute_force_finds(int background, int maxDistance, int queries)
    {
        var random = new Random(background + maxDistance);
        var hashes = RandomHashes.Many(background, seed: background).ToList();
        var queryHashes = new PdqHash[queries];
        for (var q = 0; q < queries; q++)
        {
            queryHashes[q] = RandomHashes.Next(random);
            for (var distance = 0; distance <= maxDistance + 2; distance++)
            {
                hashes.Add(RandomHashes.Flip(queryHashes[q], distance, random));
            }
        }

        var keys = Enumerable.Range(0, hashes.Count).ToArray();
        var index = PdqIndex.Build(hashes.ToArray(), keys);
        var results = new List<PdqMatch>();

        foreach (var query in queryHashes)
        {
            results.Clear();
            index.Search(query, maxDistance, results);
            var expected = new List<PdqMatch>();
            PdqBruteForce.Scan(hashes.ToArray(), query, maxDistance, (i, d) => expected.Add(new PdqMatch(keys[i], d)));

            Assert.Equal(expected.OrderBy(m => m.Key), results.OrderBy(m => m.Key));
            Assert.True(results.Count >= maxDistance + 1, "every planted neighbour within the distance is found");
        }
    }

    [Fact]
    public void Skewed_lists_with_many_near_identical_hashes_are_still_exact()
    {
        // 5,000 copies of one hash and its 1-bit neighbours overflow the compact bucket tables.
        var random = new Random(5);
        var centre = RandomHashes.Next(random);
        var hashes = Enumerable.Range(0, 5_000).Select(i => i % 2 == 0 ? centre : RandomHashes.Flip(centre, 1, random))
            .Concat(RandomHashes.Many(20_000, 6)).ToArray();
        var index = PdqIndex.Build(hashes, Enumerable.Range(0, hashes.Length).ToArray());
        var results = new List<PdqMatch>();

        index.Search(centre, 31, results);

        Assert.Equal(5_000, results.Count);
        Assert.Equal(2_500, results.Count(m => m.Distance == 0));
    }

    [Fact]
    public void An_empty_index_finds_nothing()
    {
        var results = new List<PdqMatch>();

        Assert.Equal(0, new PdqIndex().Search(RandomHashes.Next(new Random(1)), 31, results));
        Assert.Empty(results);
    }
}
