using Aegis.Core.Signals;

namespace Aegis.Core.Tests.Signals;

/// <summary>One script sent by many accounts, with names and amounts changed, is one ring; different scripts are not.</summary>
public sealed class RingClustererTests
{
    private static readonly string[] Names = ["alex", "sam", "jordan", "maria", "lucas", "emma", "noah", "sofia", "liam", "ava"];

    private static string Script(int i) =>
        $"hey {Names[i % Names.Length]} i have your pics and i know all your followers. pay me {100 + (i * 50)} dollars in gift cards " +
        $"within {1 + (i % 3)} hours or i send them to everyone on your list and your family. dont tell anyone";

    private static readonly string[] Others =
    [
        "hi, is the bike still for sale? i can pick it up tomorrow after work if that suits you",
        "happy birthday! grandma sent a gift card, the code is on the back of the card",
        "did you finish the homework for monday? i am stuck on the third question about fractions",
        "we are meeting at the park at five, bring the ball and some water, it will be hot",
        "can you send me the photos from the trip? my phone died halfway up the mountain",
        "the meeting moved to thursday, please update the calendar and tell the others",
    ];

    [Fact]
    public void Twenty_accounts_sending_one_script_with_changes_are_one_ring()
    {
        var samples = new List<ScriptSample>();
        for (var i = 0; i < 20; i++)
        {
            samples.Add(new ScriptSample($"ring-{i}", $"account-{i}", ScriptSignature.Of(Script(i))));
        }

        for (var i = 0; i < 200; i++)
        {
            samples.Add(new ScriptSample($"other-{i}", $"person-{i}", ScriptSignature.Of($"{Others[i % Others.Length]} {Names[i % Names.Length]} {i}")));
        }

        var rings = new RingClusterer().Cluster(samples);

        var ring = Assert.Single(rings, r => r.Accounts.Any(a => a.StartsWith("account-", StringComparison.Ordinal)));
        Assert.Equal(20, ring.Accounts.Count);
        Assert.All(ring.Conversations, c => Assert.StartsWith("ring-", c, StringComparison.Ordinal));
    }

    [Fact]
    public void Similarity_is_high_for_the_same_script_and_low_for_another()
    {
        var a = ScriptSignature.Of(Script(1));
        Assert.True(a.Similarity(ScriptSignature.Of(Script(2))) >= 0.5);
        Assert.True(a.Similarity(ScriptSignature.Of(Others[0])) < 0.2);
        Assert.Equal(0, ScriptSignature.Empty.Similarity(a));
        Assert.Equal(a, ScriptSignature.Of(Script(1)));
        Assert.Equal(a, a.Merge(ScriptSignature.Empty));
    }

    [Fact]
    public void Fewer_accounts_than_the_minimum_are_not_a_ring()
    {
        var samples = new[]
        {
            new ScriptSample("c1", "x", ScriptSignature.Of(Script(1))),
            new ScriptSample("c2", "x", ScriptSignature.Of(Script(2))),
            new ScriptSample("c3", "y", ScriptSignature.Of(Script(3))),
        };

        Assert.Empty(new RingClusterer(minAccounts: 3).Cluster(samples));
        Assert.Single(new RingClusterer(minAccounts: 2).Cluster(samples));
    }

    [Fact]
    public void A_signature_stored_as_bytes_reads_back_equal_with_the_same_band_keys_and_anything_else_reads_as_empty()
    {
        var signature = ScriptSignature.Of("send me $500 in gift cards or i will send your pics to all your followers");

        var read = ScriptSignature.FromBytes(signature.ToBytes());

        Assert.Equal(signature, read);
        Assert.Equal(ScriptSignature.Size * 4, signature.ToBytes().Length);
        Assert.All(Enumerable.Range(0, RingClusterer.Bands), b => Assert.Equal(RingClusterer.BandKey(signature, b), RingClusterer.BandKey(read, b)));
        Assert.True(ScriptSignature.FromBytes([1, 2, 3]).IsEmpty);
    }
}
