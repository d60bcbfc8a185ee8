using Aegis.Hashing.Pdq;
using Aegis.Matching.Banks;

namespace Aegis.Storage.Tests;

/// <summary>Deleting a bank (it is gone, its rows kept), HMA's matching ratio, and notes and metadata on an entry.</summary>
public abstract partial class BankStoreTests
{
    [Fact]
    public async Task A_deleted_bank_is_gone_its_name_free_and_its_rows_kept()
    {
        // Given a bank with an entry
        await using var store = await OpenAsync();
        var name = NewBankName("deleted");
        await store.CreateBankAsync(name, description: "the first");
        var entry = await store.AddEntryAsync(name, NewRecord(), "t");

        // When it is deleted (audited), twice
        Assert.True(await store.DeleteBankAsync(name, "curator-1"));
        Assert.False(await store.DeleteBankAsync(name, "curator-1"));

        // Then it is not found, listed or streamed, nor is its entry; and its name is free
        Assert.Null(await store.GetBankAsync(name));
        Assert.DoesNotContain(await store.ListBanksAsync(), s => s.Bank.Name == name);
        Assert.Null(await store.GetEntryAsync(entry.Id));
        Assert.DoesNotContain(await ToListAsync(store.ReadEntriesAsync(null, enabledOnly: false)), e => e.Id == entry.Id);
        Assert.DoesNotContain(await ToListAsync(store.ReadMatchableEntriesAsync(null)), e => e.Id == entry.Id);
        await Assert.ThrowsAsync<BankStoreException>(() => store.AddEntryAsync(name, NewRecord(), "t"));
        var gone = await Assert.ThrowsAsync<BankStoreException>(() => store.SetEntryEnabledAsync(entry.Id, false));
        Assert.Equal(BankStoreError.NotFound, gone.Error);
        var again = await store.CreateBankAsync(name, description: "the second");
        Assert.Equal("the second", again.Description);
        Assert.Equal(0, Assert.Single(await store.ListBanksAsync(), s => s.Bank.Name == name).TotalEntries);

        // And the deletion is in the feed (the old bank's changes marked gone, the new bank's not) and audited
        var changes = await ChangesOfAsync(store, name);
        Assert.Equal(
            [BankChangeKind.BankCreated, BankChangeKind.EntryAdded, BankChangeKind.BankDeleted, BankChangeKind.BankCreated],
            changes.Select(c => c.Kind));
        Assert.Equal([true, true, true, false], changes.Select(c => c.BankGone));
        var audit = Assert.Single(await AuditOfAsync(store, "bank:" + name));
        Assert.Equal(("curator-1", "bank.deleted"), (audit.Actor, audit.Action));
        Assert.Contains("\"entries\":1", audit.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_bank_stops_matching_on_a_node_that_loaded_it_and_its_namesake_matches_only_its_own()
    {
        // Given a node that loaded a bank with an entry
        await using var store = await OpenAsync();
        var name = NewBankName("feed-deleted");
        await store.CreateBankAsync(name);
        var old = await store.AddEntryAsync(name, NewRecord(), "t");
        var feed = await BankMatcherFeed.LoadAsync(store, [name]);
        Assert.Single(feed.Matcher.Match(PdqHash.Parse(old.Value)).Matches);

        // When the bank is deleted, a new bank takes its name and gets an entry, and the node catches up
        await store.DeleteBankAsync(name);
        await store.CreateBankAsync(name);
        var young = await store.AddEntryAsync(name, NewRecord(), "t");
        await feed.CatchUpAsync();

        // Then the old entry matches nothing, and the new bank matches its own entry
        Assert.Empty(feed.Matcher.Match(PdqHash.Parse(old.Value)).Matches);
        Assert.Equal(young.Id, Assert.Single(feed.Matcher.Match(PdqHash.Parse(young.Value)).Matches).EntryId);

        // And a node loaded afterwards agrees
        var fresh = await BankMatcherFeed.LoadAsync(store, [name]);
        Assert.Empty(fresh.Matcher.Match(PdqHash.Parse(old.Value)).Matches);
        Assert.Single(fresh.Matcher.Match(PdqHash.Parse(young.Value)).Matches);
    }

    [Fact]
    public async Task A_node_that_applies_a_deletion_late_never_matches_the_deleted_banks_entries_even_when_added_after_it()
    {
        // Given a node that has not yet applied anything since it loaded
        await using var store = await OpenAsync();
        var name = NewBankName("feed-late");
        await store.CreateBankAsync(name);
        var feed = await BankMatcherFeed.LoadAsync(store, [name]);

        // When entries are added to the bank, it is deleted, and the node then reads the whole run of changes at once
        var added = await store.AddEntryAsync(name, NewRecord(), "t");
        await store.DeleteBankAsync(name);
        var matchable = new List<BankEntry>();
        await feed.CatchUpAsync(matchable);

        // Then the entries never match, nor are they offered to retroactive matching, and the name's settings no longer
        // count (no live bank has it)
        Assert.Empty(feed.Matcher.Match(PdqHash.Parse(added.Value)).Matches);
        Assert.Empty(matchable);
        Assert.False(feed.Matcher.FindBank(name)!.Enabled);
    }

    [Fact]
    public async Task The_matching_ratio_is_kept_per_bank_and_enabled_means_a_ratio_above_zero()
    {
        await using var store = await OpenAsync();
        var name = NewBankName("ratio");
        await store.CreateBankAsync(name);
        Assert.Equal(1.0, (await store.GetBankAsync(name))!.MatchingRatio);

        var half = await store.UpdateBankAsync(name, new BankUpdate(MatchingRatio: 0.25));
        Assert.Equal((true, 0.25), (half.Enabled, half.MatchingRatio));
        var off = await store.SetBankEnabledAsync(name, false);
        Assert.Equal((false, 0.25), (off.Enabled, off.MatchingRatio));
        var on = await store.SetBankEnabledAsync(name, true);
        Assert.Equal((true, 0.25), (on.Enabled, on.MatchingRatio));
        var zero = await store.UpdateBankAsync(name, new BankUpdate(MatchingRatio: 0));
        Assert.Equal((false, 0.0), (zero.Enabled, zero.MatchingRatio));
        var enabled = await store.SetBankEnabledAsync(name, true);
        Assert.Equal((true, 1.0), (enabled.Enabled, enabled.MatchingRatio));

        var bad = await Assert.ThrowsAsync<BankStoreException>(() => store.UpdateBankAsync(name, new BankUpdate(MatchingRatio: 1.5)));
        Assert.Equal(BankStoreError.Invalid, bad.Error);
        var feed = await BankMatcherFeed.LoadAsync(store, [name]);
        await store.UpdateBankAsync(name, new BankUpdate(MatchingRatio: 0.5));
        await feed.CatchUpAsync();
        Assert.Equal(0.5, feed.Matcher.FindBank(name)!.MatchingRatio);
    }

    [Fact]
    public async Task An_entrys_metadata_is_stored_with_it_read_back_and_replaced()
    {
        await using var store = await OpenAsync();
        var name = NewBankName("metadata");
        await store.CreateBankAsync(name);
        var record = NewRecord();

        var entry = await store.AddEntryAsync(name, record, "t", """{"note":"first"}""");
        var same = await store.AddEntryAsync(name, record, "t", """{"note":"second"}""");
        Assert.Equal(entry.Id, same.Id);
        Assert.Equal("""{"note":"first"}""", await store.GetEntryMetadataAsync(entry.Id));

        await store.SetEntryMetadataAsync(entry.Id, """{"note":"replaced"}""");
        Assert.Equal("""{"note":"replaced"}""", await store.GetEntryMetadataAsync(entry.Id));
        await store.SetEntryMetadataAsync(entry.Id, null);
        Assert.Null(await store.GetEntryMetadataAsync(entry.Id));

        foreach (var bad in new[] { "[1]", "not json", "{\"note\":\"" + new string('x', BankStore.MaxEntryMetadataLength) + "\"}" })
        {
            var refused = await Assert.ThrowsAsync<BankStoreException>(() => store.SetEntryMetadataAsync(entry.Id, bad));
            Assert.Equal(BankStoreError.Invalid, refused.Error);
        }

        var missing = await Assert.ThrowsAsync<BankStoreException>(() => store.SetEntryMetadataAsync(long.MaxValue, null));
        Assert.Equal(BankStoreError.NotFound, missing.Error);
    }
}
