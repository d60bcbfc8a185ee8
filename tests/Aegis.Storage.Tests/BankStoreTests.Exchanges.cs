using Aegis.Exchanges;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_page_adds_its_hashes_with_their_provenance_and_the_same_page_again_changes_nothing()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        var page = Page(Record("e-1", "m-1", "A1", Pdq(1)), Record("e-2", "m-2", "A2", Pdq(2), Md5(2)));
        var before = await store.LatestChangeAsync();

        var claim = await ClaimAsync(exchanges, name);
        var first = await exchanges.ApplyPageAsync(claim, page, Lease);
        var afterFirst = await store.LatestChangeAsync();
        var second = await exchanges.ApplyPageAsync(claim, page with { Checkpoint = "cp-2" }, Lease);

        Assert.Equal(new Core.Exchanges.ExchangeCounts(2, 3, 0, 0), first);
        Assert.Equal(new Core.Exchanges.ExchangeCounts(2, 0, 0, 0), second);
        Assert.Equal(afterFirst, await store.LatestChangeAsync()); // nothing written to the feed the second time
        var changes = await ChangesOfAsync(store, bank, before);
        Assert.Equal(3, changes.Count);
        Assert.All(changes, c => Assert.Equal(BankChangeKind.EntryAdded, c.Kind));
        var entries = await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true));
        var md5 = Assert.Single(entries, e => e.Type == SignalType.Md5);
        Assert.Equal((name, "e-2", "m-2", "A2", "e-2"), (md5.Source.Exchange, md5.Source.ExternalId, md5.Source.Member, md5.Source.Category, md5.Source.RecordKey));
        Assert.Equal("cp-2", await CheckpointAsync(store, name));
    }

    [Fact]
    public async Task A_changed_record_updates_its_entry_a_deleted_one_disables_it_and_listing_it_again_enables_it()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        var claim = await ClaimAsync(exchanges, name);
        await exchanges.ApplyPageAsync(claim, Page(Record("e-1", "m-1", "A2", Pdq(3), Md5(3))), Lease);
        var before = await store.LatestChangeAsync();

        // When the record's category changes and it drops its MD5
        var changed = await exchanges.ApplyPageAsync(claim, Page(Record("e-1", "m-1", "A1", Pdq(3))), Lease);
        // Then the PDQ entry is updated and the MD5 one disabled
        Assert.Equal(new Core.Exchanges.ExchangeCounts(1, 0, 1, 1), changed);
        Assert.Equal([BankChangeKind.EntryUpdated, BankChangeKind.EntryDisabled], (await ChangesOfAsync(store, bank, before)).OrderBy(c => c.Entry!.Type).Select(c => c.Kind));

        // When the record is deleted, then its last entry is disabled; when it comes back, enabled again
        var deleted = await exchanges.ApplyPageAsync(claim, Page(new ExchangeRecord("e-1", [], ExchangeProvenance.Of("e-1"))), Lease);
        Assert.Equal(1, deleted!.Value.Removed);
        Assert.Empty(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true)));
        var back = await exchanges.ApplyPageAsync(claim, Page(Record("e-1", "m-9", "A1", Pdq(3))), Lease);
        Assert.Equal(1, back!.Value.Added);
        var entry = Assert.Single(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true)));
        Assert.Equal(("m-9", "A1"), (entry.Source.Member, entry.Source.Category));
    }

    [Fact]
    public async Task A_hash_two_records_share_stays_enabled_until_both_are_gone_and_shows_the_one_still_holding_it()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        var claim = await ClaimAsync(exchanges, name);
        await exchanges.ApplyPageAsync(claim, Page(Record("e-1", "m-1", "A1", Md5(4)), Record("e-2", "m-2", "B1", Md5(4))), Lease);
        Assert.Single(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true)));

        var first = await exchanges.ApplyPageAsync(claim, Page(new ExchangeRecord("e-1", [], ExchangeProvenance.Of("e-1"))), Lease);

        Assert.Equal(0, first!.Value.Removed);
        var entry = Assert.Single(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true)));
        Assert.Equal(("e-2", "m-2", "B1"), (entry.Source.RecordKey, entry.Source.Member, entry.Source.Category));

        var second = await exchanges.ApplyPageAsync(claim, Page(new ExchangeRecord("e-2", [], ExchangeProvenance.Of("e-2"))), Lease);
        Assert.Equal(1, second!.Value.Removed);
        Assert.Empty(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true)));
    }

    [Fact]
    public async Task An_entry_a_person_added_is_never_taken_over_or_disabled_by_an_exchange()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        var manual = await store.AddEntryAsync(bank, new HashListRecord(SignalType.Pdq, Pdq(5).Value, "mine", "curated", "by-hand", null, null), "curator");
        var claim = await ClaimAsync(exchanges, name);

        var listed = await exchanges.ApplyPageAsync(claim, Page(Record("e-1", "m-1", "A1", Pdq(5))), Lease);
        var deleted = await exchanges.ApplyPageAsync(claim, Page(new ExchangeRecord("e-1", [], ExchangeProvenance.Of("e-1"))), Lease);

        Assert.Equal(new Core.Exchanges.ExchangeCounts(1, 0, 0, 0), listed);
        Assert.Equal(new Core.Exchanges.ExchangeCounts(1, 0, 0, 0), deleted);
        var entry = (await store.GetEntryAsync(manual.Id))!;
        Assert.True(entry.Enabled);
        Assert.Equal(("by-hand", "mine", null), (entry.Source.List, entry.Source.ExternalId, entry.Source.Exchange));
    }

    [Fact]
    public async Task The_last_page_of_a_listing_deletes_what_no_page_of_it_listed()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        var claim = await ClaimAsync(exchanges, name);
        await exchanges.ApplyPageAsync(claim, Page(Record("a", null, null, Pdq(6)), Record("b", null, null, Pdq(7)), Record("c", null, null, Pdq(8))) with { Listing = "v1" }, Lease);

        // When version 2 lists a on its first page and d on its last
        await exchanges.ApplyPageAsync(claim, Page(Record("a", null, null, Pdq(6))) with { Listing = "v2", More = true }, Lease);
        Assert.Equal(3, (await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true))).Count); // nothing deleted before the listing ends
        var last = await exchanges.ApplyPageAsync(claim, Page(Record("d", null, null, Pdq(9))) with { Listing = "v2" }, Lease);

        // Then b and c are gone, a stays and d is added
        Assert.Equal(new Core.Exchanges.ExchangeCounts(1, 1, 0, 2), last);
        var keys = (await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true))).Select(e => e.Source.RecordKey).Order(StringComparer.Ordinal);
        Assert.Equal(["a", "d"], keys);
    }

    [Fact]
    public async Task Two_nodes_claiming_at_once_get_the_exchange_once_and_a_node_whose_lease_was_taken_over_writes_nothing()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => exchanges.ClaimDueAsync($"node-{i}", Lease))));
        var won = Assert.Single(claims, c => c is not null)!;
        Assert.Equal(name, won.Name);
        Assert.Null(await exchanges.ClaimDueAsync("node-late", Lease)); // held while the lease runs

        // When the winner stops renewing and its lease runs out, another node takes the exchange
        _time.Now += Lease + TimeSpan.FromSeconds(1);
        var taken = await exchanges.ClaimDueAsync("node-new", Lease);
        Assert.Equal(name, taken?.Name);

        // Then the old holder's page and finish are refused, and nothing of its page is in the bank
        Assert.Null(await exchanges.ApplyPageAsync(won, Page(Record("e-1", null, null, Pdq(10))), Lease));
        Assert.False(await exchanges.FinishRunAsync(won, new ExchangeRunEnd(ExchangeRunEnd.Done, _time.GetUtcNow())));
        Assert.Empty(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: false)));
        Assert.NotNull(await exchanges.ApplyPageAsync(taken!, Page(Record("e-1", null, null, Pdq(10))), Lease));
        Assert.True(await exchanges.FinishRunAsync(taken!, new ExchangeRunEnd(ExchangeRunEnd.Done, _time.GetUtcNow().AddHours(1))));
        Assert.Null(await exchanges.ClaimDueAsync("node-late", Lease)); // not due for an hour
    }

    [Fact]
    public async Task Failures_count_until_the_platform_is_told_once_and_a_success_tells_it_the_exchange_recovered()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, _) = await NewExchangeAsync(store);

        for (var i = 1; i <= 3; i++)
        {
            var claim = await ClaimAsync(exchanges, name);
            Assert.True(await exchanges.FinishRunAsync(claim, new ExchangeRunEnd(ExchangeRunEnd.Failed, _time.GetUtcNow(), $"boom {i}", Failing: i >= 2)));
        }

        var status = (await exchanges.GetAsync(name))!.Status;
        Assert.Equal((3, "boom 3", true, "failing"), (status.ConsecutiveFailures, status.LastError, status.Failing, status.State));
        var recovered = await ClaimAsync(exchanges, name);
        Assert.True(await exchanges.FinishRunAsync(recovered, new ExchangeRunEnd(ExchangeRunEnd.Done, _time.GetUtcNow().AddHours(1))));
        Assert.Equal((0, "ok"), ((await exchanges.GetAsync(name))!.Status.ConsecutiveFailures, (await exchanges.GetAsync(name))!.Status.State));

        await using var db = store.CreateContext();
        var told = await db.Outbox.Where(o => o.Payload.Contains(name)).OrderBy(o => o.Sequence).Select(o => o.Type).ToListAsync();
        Assert.Equal(["exchange.failing", "exchange.recovered"], told);
        Assert.Equal(4, await db.AuditLog.CountAsync(a => a.Action == "exchange.fetched" && a.Subject == "exchange:" + name));
    }

    [Fact]
    public async Task Removing_an_exchange_disables_the_entries_only_it_held()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        var (other, otherName) = (exchanges, NewBankName("x2"));
        await other.CreateAsync(new NewExchange(otherName, "file", "{}", bank, 60, true, null), "test");
        var claim = await ClaimAsync(exchanges, name);
        await exchanges.ApplyPageAsync(claim, Page(Record("e-1", null, null, Pdq(11)), Record("e-2", null, null, Pdq(12))), Lease);
        var otherClaim = await ClaimAsync(exchanges, otherName);
        await exchanges.ApplyPageAsync(otherClaim, Page(Record("o-1", "them", null, Pdq(12))), Lease);

        var disabled = await exchanges.DeleteAsync(name, "test");

        Assert.Equal(1, disabled);
        var left = Assert.Single(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true)));
        Assert.Equal((otherName, "o-1", "them"), (left.Source.Exchange, left.Source.RecordKey, left.Source.Member));
        Assert.Null(await exchanges.GetAsync(name));
    }

    [Fact]
    public async Task A_bank_an_exchange_fills_is_not_deleted_until_the_exchange_is()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);

        var refused = await Assert.ThrowsAsync<BankStoreException>(() => store.DeleteBankAsync(bank, "test"));

        Assert.Equal(BankStoreError.Conflict, refused.Error);
        Assert.Contains($"exchange '{name}'", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await store.GetBankAsync(bank));
        await exchanges.DeleteAsync(name, "test");
        Assert.True(await store.DeleteBankAsync(bank, "test"));
    }

    /// <summary>A new exchange on a new bank; every other exchange of the database is disabled, so claims find this one.</summary>
    private async Task<(ExchangeStore Exchanges, string Name, string Bank)> NewExchangeAsync(BankStore store)
    {
        var exchanges = new ExchangeStore(store);
        foreach (var other in await exchanges.ListAsync())
        {
            await exchanges.UpdateAsync(other.Name, new ExchangeUpdate(Enabled: false), "test");
        }

        var bank = NewBankName("xbank");
        await store.CreateBankAsync(bank);
        var name = NewBankName("x");
        await exchanges.CreateAsync(new NewExchange(name, "file", "{}", bank, 60, true, null), "test");
        return (exchanges, name, bank);
    }

    private async Task<ExchangeClaim> ClaimAsync(ExchangeStore exchanges, string name)
    {
        await exchanges.RequestRunAsync(name);
        var claim = await exchanges.ClaimDueAsync("node-test", Lease);
        Assert.Equal(name, claim?.Name);
        return claim!;
    }

    private static async Task<string?> CheckpointAsync(BankStore store, string name)
    {
        await using var db = store.CreateContext();
        return await db.Exchanges.Where(x => x.Name == name).Select(x => x.Checkpoint).SingleAsync();
    }

    private static ExchangePage Page(params ExchangeRecord[] records) => new(records, "cp-1", false, null);

    private static ExchangeRecord Record(string key, string? member, string? category, params ExchangeSignal[] signals) =>
        new(key, signals, new ExchangeProvenance(key, member, category, []));

    private static ExchangeSignal Pdq(int seed) => new(SignalType.Pdq, RandomRecords.Hex(new Random(seed), SignalType.Pdq));

    private static ExchangeSignal Md5(int seed) => new(SignalType.Md5, RandomRecords.Hex(new Random(seed), SignalType.Md5));
}
