using Aegis.Hashing.Pdq;
using Aegis.Matching.Index;

namespace Aegis.Matching.Tests.Index;

public sealed class PdqIndexChangeTests
{
    [Fact]
    public void An_added_hash_is_found_by_the_next_lookup_and_a_removed_one_is_not()
    {
        var index = PdqIndex.Build(RandomHashes.Many(100_000, 1), Enumerable.Range(0, 100_000).ToArray());
        var random = new Random(2);
        var known = RandomHashes.Next(random);
        var results = new List<PdqMatch>();

        index.Add(known, 555_555);
        index.Search(RandomHashes.Flip(known, 7, random), 31, results);
        Assert.Contains(new PdqMatch(555_555, 7), results);

        Assert.Equal(1, index.Remove(known, 555_555));
        results.Clear();
        index.Search(known, 31, results);
        Assert.DoesNotContain(results, m => m.Key == 555_555);
        Assert.Equal(0, index.Remove(known, 555_555));

        index.Add(known, 555_555);
        results.Clear();
        index.Search(known, 0, results);
        Assert.Equal([new PdqMatch(555_555, 0)], results);
    }

    [Fact]
    public void Removing_an_indexed_entry_hides_it_and_leaves_others_with_the_same_hash()
    {
        var random = new Random(3);
        var shared = RandomHashes.Next(random);
        var hashes = RandomHashes.Many(10_000, 4).Append(shared).Append(shared).ToArray();
        var index = PdqIndex.Build(hashes, Enumerable.Range(0, hashes.Length).ToArray());
        var results = new List<PdqMatch>();

        index.Remove(shared, 10_000);
        index.Search(shared, 0, results);

        Assert.Equal([new PdqMatch(10_001, 0)], results);
        Assert.Equal(10_001, index.Count);
    }

    [Fact]
    public async Task Background_merges_keep_every_change_including_those_made_during_the_merge()
    {
        var index = new PdqIndex(new PdqIndexOptions { MergeThreshold = 500 });
        var random = new Random(7);
        var live = new Dictionary<int, PdqHash>();
        for (var key = 0; key < 5_000; key++)
        {
            var hash = RandomHashes.Next(random);
            index.Add(hash, key);
            live[key] = hash;
            if (key % 7 == 3)
            {
                var victim = key - 3;
                index.Remove(live[victim], victim);
                live.Remove(victim);
            }
        }

        await index.WaitForMergeAsync();
        var results = new List<PdqMatch>();
        foreach (var (key, hash) in live)
        {
            results.Clear();
            index.Search(hash, 0, results);
            Assert.Contains(new PdqMatch(key, 0), results);
        }

        Assert.Equal(live.Count, index.Count);
        Assert.True(index.Stats.Indexed > 0, "a merge built a segment");
    }

    [Fact]
    public async Task Many_removals_fold_into_a_new_segment_too()
    {
        var hashes = RandomHashes.Many(3_000, 12);
        var index = PdqIndex.Build(hashes, Enumerable.Range(0, hashes.Length).ToArray(), new PdqIndexOptions { MergeThreshold = 200 });

        for (var key = 0; key < 2_000; key++)
        {
            Assert.Equal(1, index.Remove(hashes[key], key));
        }

        await index.WaitForMergeAsync();
        var results = new List<PdqMatch>();
        index.Search(hashes[0], 0, results);
        index.Search(hashes[2_500], 0, results);

        Assert.Equal([new PdqMatch(2_500, 0)], results);
        Assert.Equal(1_000, index.Count);
        Assert.True(index.Stats.Removed < 200, $"removed slots are dropped by merges ({index.Stats.Removed} left)");
    }

    [Fact]
    public async Task Lookups_running_during_changes_never_see_half_of_a_batch()
    {
        var index = PdqIndex.Build(RandomHashes.Many(50_000, 8), Enumerable.Range(0, 50_000).ToArray(), new PdqIndexOptions { MergeThreshold = 300 });
        var query = RandomHashes.Next(new Random(9));
        const int BatchSize = 16;
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var reads = 0;
        var reader = Task.Run(() =>
        {
            var results = new List<PdqMatch>();
            while (!stop.IsCancellationRequested)
            {
                results.Clear();
                index.Search(query, 0, results);
                if (results.Count % BatchSize != 0)
                {
                    Interlocked.Increment(ref torn);
                }

                Interlocked.Increment(ref reads);
            }
        });

        var key = 1_000_000;
        for (var batch = 0; batch < 100; batch++)
        {
            index.AddRange(Enumerable.Repeat(query, BatchSize).ToArray(), Enumerable.Range(key, BatchSize).ToArray());
            key += BatchSize;
        }

        await index.WaitForMergeAsync();
        await stop.CancelAsync();
        await reader;
        var final = new List<PdqMatch>();
        index.Search(query, 0, final);

        Assert.Equal(0, torn);
        Assert.True(reads > 0);
        Assert.Equal(100 * BatchSize, final.Count);
    }
}
