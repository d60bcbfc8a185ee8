using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Aegis.Storage.Tests.Support;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task Content_is_recorded_once_per_id_and_a_different_upload_under_that_id_is_refused()
    {
        await using var store = await OpenAsync();
        var contents = new ContentStore(store);
        var id = NewBankName("post");
        var record = new ContentRecord(
            id, MediaKind.Image, "acct-1", "203.0.113.7", Start, "parent-1", RandomRecords.Hex(_random, SignalType.Pdq), 100,
            RandomRecords.Hex(_random, SignalType.Md5), RandomRecords.Hex(_random, SignalType.Sha256), null, Verdict.Allow);

        var first = await contents.RecordAsync(record);
        var again = await contents.RecordAsync(record with { Verdict = Verdict.Block });
        var conflict = await Assert.ThrowsAsync<BankStoreException>(
            () => contents.RecordAsync(record with { Md5 = RandomRecords.Hex(_random, SignalType.Md5) }));

        Assert.True(first.Created);
        Assert.Equal((first.RowId, false, record), (again.RowId, again.Created, again.Record));
        Assert.Equal(BankStoreError.Conflict, conflict.Error);
        Assert.Equal(record, await contents.GetAsync(id));
        var indexed = Assert.Single(await ToListAsync(contents.ReadIndexAsync(first.RowId - 1)), c => c.RowId == first.RowId);
        Assert.Equal((record.Pdq, record.Md5), (indexed.Pdq, indexed.Md5));
        var tooLong = await Assert.ThrowsAsync<BankStoreException>(() => contents.RecordAsync(record with { ContentId = new string('x', 257) }));
        Assert.Equal(BankStoreError.Invalid, tooLong.Error);
    }

    [Fact]
    public async Task Match_events_are_recorded_once_per_content_and_entry_and_read_in_order()
    {
        await using var store = await OpenAsync();
        var contents = new ContentStore(store);
        var id = NewBankName("post");
        var row = (await contents.RecordAsync(new ContentRecord(id, MediaKind.Hashes, null, null, null, null, null, null, RandomRecords.Hex(_random, SignalType.Md5), null, null, Verdict.Allow))).RowId;
        var latest = (await contents.ReadMatchEventsAsync(0, 10_000)).Select(e => e.Sequence).DefaultIfEmpty(0).Max();
        var events = new[]
        {
            new NewMatchEvent(row, "bank-a", 5, SignalType.Md5, 0, BankAction.Block),
            new NewMatchEvent(row, "bank-a", 6, SignalType.Pdq, 12, BankAction.Hold),
        };

        Assert.Equal(2, await contents.AddMatchEventsAsync(events));
        Assert.Equal(0, await contents.AddMatchEventsAsync(events));

        var read = await contents.ReadMatchEventsAsync(latest, 10);
        Assert.Equal([(id, 5L, BankAction.Block), (id, 6L, BankAction.Hold)], read.Select(e => (e.ContentId, e.EntryId, e.Action)));
        Assert.Empty(await contents.ReadMatchEventsAsync(read[^1].Sequence, 10));
    }
}
