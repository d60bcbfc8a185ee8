using Aegis.Matching.Banks;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task The_change_feed_records_every_change_in_order()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("feed");
        var before = await store.LatestChangeAsync();

        _time.Now = Start.AddMinutes(1);
        await store.CreateBankAsync(bank);
        _time.Now = Start.AddMinutes(2);
        var entry = await store.AddEntryAsync(bank, NewRecord(), null);
        await store.AddEntryAsync(bank, NewRecord() with { Value = entry.Value }, null);
        await store.ImportAsync(bank, [NewRecord(), NewRecord(SignalType.Md5)], null);
        _time.Now = Start.AddMinutes(3);
        await store.SetEntryEnabledAsync(entry.Id, false);
        await store.SetEntryEnabledAsync(entry.Id, true);
        await store.SetBankEnabledAsync(bank, false);

        var changes = await ToListAsync(store.ReadChangesAsync(before));
        Assert.Equal(
            [
                BankChangeKind.BankCreated, BankChangeKind.EntryAdded, BankChangeKind.EntryAdded, BankChangeKind.EntryAdded,
                BankChangeKind.EntryDisabled, BankChangeKind.EntryEnabled, BankChangeKind.BankUpdated,
            ],
            changes.Select(c => c.Kind));
        Assert.All(changes, c => Assert.Equal(bank, c.Bank));
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequences must be strictly increasing");
        Assert.True(changes[0].Sequence > before);
        Assert.Equal(changes[^1].Sequence, await store.LatestChangeAsync());
        Assert.Equal([Start.AddMinutes(1), Start.AddMinutes(2)], changes.Take(2).Select(c => c.At));
        Assert.Null(changes[0].Entry);
        Assert.Equal(entry.Id, changes[1].Entry!.Id);
        Assert.Equal(entry.Id, changes[4].Entry!.Id);
        Assert.Equal(changes.Skip(4), await ToListAsync(store.ReadChangesAsync(changes[3].Sequence)));
        Assert.Empty(await ToListAsync(store.ReadChangesAsync(changes[^1].Sequence)));
    }

    [Fact]
    public async Task Reopening_keeps_the_data_and_migrating_again_changes_nothing()
    {
        var bank = NewBankName("reopen");
        BankEntry entry;
        long latest;
        await using (var store = await OpenAsync())
        {
            await store.CreateBankAsync(bank, 12, BankAction.Flag);
            entry = await store.AddEntryAsync(bank, NewRecord(), "curator");
            latest = await store.LatestChangeAsync();
        }

        await using (var reopened = await OpenAsync())
        {
            Assert.Equal(new Bank(bank, 12, BankAction.Flag, BankKind.Ordinary, true, null, Start), await reopened.GetBankAsync(bank));
            Assert.Equal([entry], await ToListAsync(reopened.ReadEntriesAsync(bank, enabledOnly: true)));
            Assert.Equal(latest, await reopened.LatestChangeAsync());
        }

        await using var third = await OpenAsync();
        Assert.Equal(entry, await third.AddEntryAsync(bank, NewRecord() with { Value = entry.Value }, null));
    }
}
