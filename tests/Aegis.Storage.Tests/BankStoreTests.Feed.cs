using Aegis.Hashing.Pdq;
using Aegis.Matching.Banks;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task The_matcher_follows_the_change_feed()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("feed");
        await store.CreateBankAsync(bank);
        var first = await store.AddEntryAsync(bank, NewRecord(), "t");
        var feed = await BankMatcherFeed.LoadAsync(store, [bank]);
        var firstHash = PdqHash.Parse(first.Value);
        Assert.Equal(first.Id, Assert.Single(feed.Matcher.Match(firstHash).Matches).EntryId);

        var added = await store.AddEntryAsync(bank, NewRecord(), "t");
        var newHash = PdqHash.Parse(added.Value);
        Assert.Empty(feed.Matcher.Match(newHash).Matches);
        await feed.CatchUpAsync();
        Assert.Equal(added.Id, Assert.Single(feed.Matcher.Match(newHash).Matches).EntryId);

        await store.SetEntryEnabledAsync(first.Id, enabled: false);
        await store.UpdateBankAsync(bank, new BankUpdate(PdqThreshold: 0));
        await feed.CatchUpAsync();
        Assert.Empty(feed.Matcher.Match(firstHash).Matches);
        var near = new PdqHash(newHash.W0 ^ 1, newHash.W1, newHash.W2, newHash.W3);
        Assert.Empty(feed.Matcher.Match(near).Matches);

        await store.SetEntryEnabledAsync(first.Id, enabled: true);
        await feed.CatchUpAsync();
        await feed.CatchUpAsync();
        Assert.Single(feed.Matcher.Match(firstHash).Matches);
        Assert.Equal(await store.LatestChangeAsync(), feed.LastSequence);
    }

    [Fact]
    public async Task A_feed_restricted_to_some_banks_ignores_the_others()
    {
        await using var store = await OpenAsync();
        var mine = NewBankName("feed-mine");
        var other = NewBankName("feed-other");
        await store.CreateBankAsync(mine);
        await store.CreateBankAsync(other);
        var feed = await BankMatcherFeed.LoadAsync(store, [mine]);

        var elsewhere = await store.AddEntryAsync(other, NewRecord(), "t");
        await feed.CatchUpAsync();

        Assert.Empty(feed.Matcher.Match(PdqHash.Parse(elsewhere.Value)).Matches);
    }
}
