using Aegis.Hashing.Pdq;
using Aegis.Matching.Content;

namespace Aegis.Matching.Tests.Content;

public sealed class ContentIndexLifetimeTests
{
    [Theory]
    [InlineData(0, 8)]
    [InlineData(-1, 8)]
    [InlineData(100, 0)]
    public void Options_out_of_range_are_refused_naming_the_option(int tailCapacity, int maxPendingTails)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = tailCapacity, MaxPendingTails = maxPendingTails }));
        Assert.Contains(tailCapacity < 1 ? "TailCapacity" : "MaxPendingTails", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_index_refuses_adds_and_searches()
    {
        var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = 3 });
        index.AddRange(Enumerable.Range(1, 10).Select(r => ContentOracle.RandomItem(new Random(r), r)).ToArray());
        index.Dispose();
        index.Dispose();

        Assert.Throws<ObjectDisposedException>(() => index.Add(ContentOracle.RandomItem(new Random(0), 11)));
        Assert.Throws<ObjectDisposedException>(() => index.SearchPdq(PdqHash.Zero, 31, []));
        Assert.Throws<ObjectDisposedException>(() => index.SearchMd5(default, []));
        Assert.Throws<ObjectDisposedException>(() => index.Flush(1));
    }

    [Fact]
    public void Stats_count_items_segments_tail_and_bytes()
    {
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = 100 });
        index.AddRange(Enumerable.Range(1, 250).Select(r => ContentOracle.RandomItem(new Random(r), r)).ToArray());
        index.WaitForBackgroundWork();

        var stats = index.Stats;
        Assert.Equal(250, stats.Items);
        Assert.Equal(50, stats.TailItems);
        Assert.Equal(1, stats.Segments);
        Assert.True(stats.BytesInMemory > 200 * 32, $"{stats.BytesInMemory} bytes");
        Assert.Equal(0, stats.BytesMapped);
        Assert.Equal(0, index.Checkpoint);
        index.Flush(3);
        Assert.Equal(3, index.Checkpoint);
    }
}
