using Aegis.Matching.Index;

namespace Aegis.Matching.Tests.Index;

public sealed class ChunkLayoutTests
{
    [Theory]
    [InlineData(10_000_000, 11, 24)]
    [InlineData(1_000_000, 13, 20)]
    [InlineData(1_000, 16, 16)]
    [InlineData(100_000_000, 11, 24)]
    public void Chunks_cover_the_256_bits_with_width_from_the_entry_count(long entries, int chunks, int widest)
    {
        var layout = ChunkLayout.For(entries);

        Assert.Equal(chunks, layout.Count);
        Assert.Equal(256, layout.Widths.Sum());
        Assert.Equal(widest, layout.Widths.Max());
        Assert.True(layout.Widths.Max() - layout.Widths.Min() <= 1);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(10_000_000)]
    public void Radii_satisfy_the_pigeonhole_bound_for_every_distance(long entries)
    {
        var layout = ChunkLayout.For(entries);
        for (var d = 0; d <= 63; d++)
        {
            var radii = layout.Radii(d);
            Assert.True(radii.Where(r => r >= 0).Sum(r => r + 1) > d, $"d={d}");
        }
    }

    [Fact]
    public void At_distance_31_ten_million_entries_probe_ten_chunks_at_radius_2_and_one_at_1()
    {
        Assert.Equal([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1], ChunkLayout.For(10_000_000).Radii(31));
    }

    [Theory]
    [InlineData(23, 0, 1)]
    [InlineData(23, 1, 24)]
    [InlineData(23, 2, 277)]
    [InlineData(16, 3, 697)]
    public void Probe_keys_are_every_distinct_key_within_the_radius(int width, int radius, int expected)
    {
        var keys = new uint[ProbeKeys.Count(width, radius)];
        ProbeKeys.Fill(0b1011, width, radius, keys);

        Assert.Equal(expected, keys.Length);
        Assert.Equal(expected, keys.Distinct().Count());
        Assert.All(keys, k => Assert.InRange(System.Numerics.BitOperations.PopCount(k ^ 0b1011u), 0, radius));
        Assert.All(keys, k => Assert.True(k < 1u << width));
    }
}
