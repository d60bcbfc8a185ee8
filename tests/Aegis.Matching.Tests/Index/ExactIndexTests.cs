using Aegis.Hashing.Digests;
using Aegis.Matching.Index;

namespace Aegis.Matching.Tests.Index;

public sealed class ExactIndexTests
{
    [Fact]
    public async Task Adds_and_removes_survive_background_folds()
    {
        var index = new ExactIndex<Md5Hash>(new PdqIndexOptions { MergeThreshold = 64 });
        var live = new Dictionary<int, Md5Hash>();
        var random = new Random(3);
        for (var key = 1; key <= 2_000; key++)
        {
            var hash = new Md5Hash((ulong)random.NextInt64(), (ulong)random.NextInt64());
            index.Add(hash, key);
            live[key] = hash;
            if (key % 3 == 0)
            {
                Assert.True(index.Remove(live[key - 1], key - 1));
                live.Remove(key - 1);
            }
        }

        await index.WaitForMergeAsync();
        var keys = new List<int>();
        foreach (var (key, hash) in live)
        {
            keys.Clear();
            Assert.Equal(1, index.Search(hash, keys));
            Assert.Equal(key, keys[0]);
        }

        Assert.Equal(live.Count, index.Count);
    }

    [Fact]
    public void One_digest_in_several_entries_finds_them_all_and_a_removed_key_can_come_back()
    {
        var digest = new Sha256Hash(1, 2, 3, 4);
        var index = ExactIndex<Sha256Hash>.Build([(digest, 1), (digest, 2)]);
        var keys = new List<int>();

        index.Search(digest, keys);
        Assert.Equal([1, 2], keys.Order());

        Assert.True(index.Remove(digest, 1));
        Assert.False(index.Remove(digest, 1));
        keys.Clear();
        index.Search(digest, keys);
        Assert.Equal([2], keys);

        index.Add(digest, 1);
        keys.Clear();
        index.Search(digest, keys);
        Assert.Equal([1, 2], keys.Order());
    }
}
