using Aegis.Matching.Banks;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task Matchable_entries_are_the_enabled_entries_of_the_chosen_banks_in_id_order()
    {
        await using var store = await OpenAsync();
        var chosen = NewBankName("match-a");
        var other = NewBankName("match-b");
        await store.CreateBankAsync(chosen);
        await store.CreateBankAsync(other);
        var kept = await store.AddEntryAsync(chosen, NewRecord(), "t");
        var disabled = await store.AddEntryAsync(chosen, NewRecord(), "t");
        var elsewhere = await store.AddEntryAsync(other, NewRecord(), "t");
        var keptToo = await store.AddEntryAsync(chosen, NewRecord(), "t");
        await store.SetEntryEnabledAsync(disabled.Id, enabled: false);

        var read = await ToListAsync(store.ReadMatchableEntriesAsync([chosen]));
        var everyBank = await ToListAsync(store.ReadMatchableEntriesAsync(null));

        Assert.Equal([MatchableEntry.From(kept), MatchableEntry.From(keptToo)], read);
        // Every bank: the other tests' banks share this database, so only this test's two are compared.
        Assert.Equal([MatchableEntry.From(kept), MatchableEntry.From(elsewhere), MatchableEntry.From(keptToo)], everyBank.Where(e => e.Bank == chosen || e.Bank == other));
        Assert.DoesNotContain(everyBank, e => e.Id == disabled.Id);
    }
}
