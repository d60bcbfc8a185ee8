using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage.Tests.Support;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task Adds_an_entry_with_its_source()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("add");
        await store.CreateBankAsync(bank);
        var listedAt = new DateTimeOffset(2026, 10, 2, 9, 30, 0, TimeSpan.FromHours(2));
        var record = new HashListRecord(SignalType.Sha256, RandomRecords.Hex(_random, SignalType.Sha256), "x-17", "A1", "ncmec-2026-10", listedAt, null);

        var entry = await store.AddEntryAsync(bank, record, "curator");

        var source = new EntrySource("ncmec-2026-10", "x-17", "A1", listedAt, "curator");
        Assert.Equal(new BankEntry(entry.Id, bank, SignalType.Sha256, record.Value, source, true), entry);
        Assert.Equal(TimeSpan.Zero, entry.Source.AddedAt.Offset);
        var read = Assert.Single(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: false)));
        Assert.Equal(entry, read);
        Assert.Equal(TimeSpan.Zero, read.Source.AddedAt.Offset);
    }

    [Fact]
    public async Task A_duplicate_entry_merges_into_the_first()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("dup");
        var other = NewBankName("dup-other");
        await store.CreateBankAsync(bank);
        await store.CreateBankAsync(other);
        var record = NewRecord() with { ExternalId = "first" };

        var first = await store.AddEntryAsync(bank, record, "a");
        _time.Now = Start.AddHours(1);
        var again = await store.AddEntryAsync(bank, record with { Value = record.Value.ToUpperInvariant(), ExternalId = "second" }, "b");
        var elsewhere = await store.AddEntryAsync(other, record, "c");
        var otherType = await store.AddEntryAsync(bank, record with { Type = SignalType.Sha256 }, "d");

        Assert.Equal(first, again);
        Assert.Equal("first", again.Source.ExternalId);
        Assert.Equal(Start, again.Source.AddedAt);
        Assert.NotEqual(first.Id, elsewhere.Id);
        Assert.NotEqual(first.Id, otherType.Id);
        Assert.Equal(2, Assert.Single(await store.ListBanksAsync(), s => s.Bank.Name == bank).TotalEntries);
        Assert.Equal(2, (await ChangesOfAsync(store, bank)).Count(c => c.Kind == BankChangeKind.EntryAdded));
    }

    [Fact]
    public async Task Stores_hash_values_as_canonical_lowercase_hex()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("case");
        await store.CreateBankAsync(bank);
        var value = RandomRecords.Hex(_random, SignalType.Md5);

        var entry = await store.AddEntryAsync(bank, NewRecord(SignalType.Md5) with { Value = value.ToUpperInvariant() }, null);

        Assert.Equal(value, entry.Value);
        Assert.Equal(value, Assert.Single(await ToListAsync(store.ReadEntriesAsync(bank, false))).Value);
    }

    [Theory]
    [InlineData(SignalType.Md5, "abc", "32 hex characters; got 3")]
    [InlineData(SignalType.Pdq, "0123456789abcdef0123456789abcdef", "64 hex characters; got 32")]
    [InlineData(SignalType.Sha256, "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "is not")]
    public async Task Refuses_a_value_that_is_not_a_hash_of_its_type(SignalType type, string value, string why)
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("bad");
        await store.CreateBankAsync(bank);

        var error = await Assert.ThrowsAsync<BankStoreException>(
            () => store.AddEntryAsync(bank, new HashListRecord(type, value, null, null, null, null, null), null));

        Assert.Equal(BankStoreError.Invalid, error.Error);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Empty(await ToListAsync(store.ReadEntriesAsync(bank, false)));
    }

    [Fact]
    public async Task Disables_and_enables_an_entry()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("entry-toggle");
        await store.CreateBankAsync(bank);
        var kept = await store.AddEntryAsync(bank, NewRecord(), null);
        var entry = await store.AddEntryAsync(bank, NewRecord(), null);

        var disabled = await store.SetEntryEnabledAsync(entry.Id, false);
        var disabledAgain = await store.SetEntryEnabledAsync(entry.Id, false);

        Assert.Equal(entry with { Enabled = false }, disabled);
        Assert.Equal(disabled, disabledAgain);
        Assert.Equal([kept.Id], (await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true))).Select(e => e.Id));
        Assert.Equal(2, (await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: false))).Count);
        var summary = Assert.Single(await store.ListBanksAsync(), s => s.Bank.Name == bank);
        Assert.Equal((1L, 2L), (summary.EnabledEntries, summary.TotalEntries));

        Assert.Equal(entry, await store.SetEntryEnabledAsync(entry.Id, true));
        Assert.Equal(2, (await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true))).Count);
        Assert.Equal(
            [BankChangeKind.EntryDisabled, BankChangeKind.EntryEnabled],
            (await ChangesOfAsync(store, bank)).Where(c => c.Entry?.Id == entry.Id).Select(c => c.Kind).Skip(1));
    }

    [Fact]
    public async Task Says_which_entry_does_not_exist()
    {
        await using var store = await OpenAsync();

        var error = await Assert.ThrowsAsync<BankStoreException>(() => store.SetEntryEnabledAsync(long.MaxValue, false));

        Assert.Equal(BankStoreError.NotFound, error.Error);
        Assert.Contains(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_entries_in_id_order_across_pages_and_banks()
    {
        await using var store = await OpenAsync();
        var first = NewBankName("stream-a");
        var second = NewBankName("stream-b");
        await store.CreateBankAsync(first);
        await store.CreateBankAsync(second);
        var lastBefore = (await ToListAsync(store.ReadEntriesAsync(null, false))).LastOrDefault()?.Id ?? 0;
        await store.ImportAsync(first, RandomRecords.WithDuplicates(12_000, int.MaxValue, seed: 1), null);
        await store.ImportAsync(second, RandomRecords.WithDuplicates(9_000, int.MaxValue, seed: 2), null);
        await store.ImportAsync(first, RandomRecords.WithDuplicates(4_000, int.MaxValue, seed: 3), null);
        await store.SetEntryEnabledAsync((await store.AddEntryAsync(second, NewRecord(), null)).Id, false);

        var all = (await ToListAsync(store.ReadEntriesAsync(null, enabledOnly: false))).Where(e => e.Id > lastBefore).ToList();
        var inFirst = await ToListAsync(store.ReadEntriesAsync(first, enabledOnly: false));
        var enabledInSecond = await ToListAsync(store.ReadEntriesAsync(second, enabledOnly: true));

        Assert.Equal(12_000 + 9_000 + 4_000 + 1, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Id < p.Second.Id), "ids must be strictly increasing");
        Assert.Equal(all.Where(e => e.Bank == first), inFirst);
        Assert.Equal(16_000, inFirst.Count);
        Assert.Equal(all.Where(e => e.Bank == second && e.Enabled), enabledInSecond);
        Assert.Equal(9_000, enabledInSecond.Count);
    }

    [Fact]
    public async Task An_entry_is_found_by_id_and_a_banks_entries_by_list()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("by-list");
        await store.CreateBankAsync(bank);
        var a = await store.AddEntryAsync(bank, NewRecord() with { List = "list-a" }, "t");
        await store.AddEntryAsync(bank, NewRecord() with { List = "list-b" }, "t");
        var c = await store.AddEntryAsync(bank, NewRecord(SignalType.Md5) with { List = "list-a" }, "t");

        Assert.Equal(a, await store.GetEntryAsync(a.Id));
        Assert.Null(await store.GetEntryAsync(long.MaxValue));
        Assert.Equal([a, c], await store.ReadEntriesFromListAsync(bank, "list-a"));
        Assert.Empty(await store.ReadEntriesFromListAsync(bank, "list-z"));
    }
}
