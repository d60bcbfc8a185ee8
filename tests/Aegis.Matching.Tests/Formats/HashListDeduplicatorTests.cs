using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using static Aegis.Matching.Tests.Formats.FormatTestData;

namespace Aegis.Matching.Tests.Formats;

public sealed class HashListDeduplicatorTests
{
    private static readonly Random Random = new(77);
    private static readonly string Hash64 = Hex(Random, 64);
    private static readonly string Md5 = Hex(Random, 32);

    [Fact]
    public void Keeps_the_first_of_each_type_and_value_and_counts_the_rest()
    {
        var text = $"pdq {Hash64}\nvideo_sha256 {Hash64}\nfoo\nPDQ {Hash64.ToUpperInvariant()}\n{Md5}\nvideo_md5 {Md5}\npdq {Hash64}\n";
        var deduplicator = new HashListDeduplicator();

        var items = deduplicator.RemoveDuplicates(Read(text, HashListFormat.ThreatExchange)).ToList();

        Assert.Equal([1L, 2L, 3L, 5L], items.Select(i => i.Line));
        Assert.True(items[2].IsError);
        Assert.Equal(3, deduplicator.MergedCount);
        Assert.Equal(3, deduplicator.UniqueCount);
    }

    [Fact]
    public void The_first_record_wins_with_its_metadata()
    {
        var deduplicator = new HashListDeduplicator(capacity: 4);
        var first = new HashListRecord(SignalType.Md5, Md5, "first", null, null, null, null);

        Assert.True(deduplicator.TryAdd(first));
        Assert.False(deduplicator.TryAdd(first with { ExternalId = "second" }));
        Assert.True(deduplicator.TryAdd(first with { Type = SignalType.Pdq, Value = Hash64 }));
        Assert.Equal(1, deduplicator.MergedCount);
    }

    [Fact]
    public void Refuses_a_record_whose_value_is_not_a_hash()
    {
        var deduplicator = new HashListDeduplicator();

        Assert.Throws<ArgumentException>(
            () => deduplicator.TryAdd(new HashListRecord(SignalType.Pdq, Md5, null, null, null, null, null)));
    }
}
