using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Aegis.Storage.Model;
using Aegis.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Tests;

/// <summary>Recording an item is a plain INSERT past EF (issue 12): the row must be the one EF would have written.</summary>
public abstract partial class BankStoreTests
{
    [Fact]
    public async Task A_recorded_item_is_stored_exactly_as_EF_stores_the_same_item()
    {
        // Given an item with every field set, its upload time at a non-UTC offset, and a clock at a non-UTC offset too
        await using var store = await OpenAsync();
        var contents = new ContentStore(store);
        _time.Now = new DateTimeOffset(2026, 11, 2, 9, 30, 15, 123, TimeSpan.FromHours(5.5)).AddTicks(4567);
        var record = new ContentRecord(
            NewBankName("post"), MediaKind.Image, "acct-7", "2001:db8::1%eth0", new DateTimeOffset(2026, 11, 1, 23, 59, 59, 999, TimeSpan.FromHours(-7)),
            "parent-7", RandomRecords.Hex(_random, SignalType.Pdq), 87, RandomRecords.Hex(_random, SignalType.Md5),
            RandomRecords.Hex(_random, SignalType.Sha256), null, Verdict.Hold);

        // When it is recorded, and the same item under another id is written through EF
        var recorded = await contents.RecordAsync(record, bankSequence: 42);
        long viaEf;
        await using (var db = store.CreateContext())
        {
            var row = ContentRow.From(record with { ContentId = record.ContentId + "-ef" }, 42, _time.GetUtcNow());
            db.Contents.Add(row);
            await db.SaveChangesAsync();
            viaEf = row.Id;
        }

        // Then the two rows hold the same values, read back through EF and as the database stores them
        await using var read = store.CreateContext();
        var rows = await read.Contents.AsNoTracking().Where(c => c.Id == recorded.RowId || c.Id == viaEf).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        var (mine, theirs) = (rows[0], rows[1]);
        Assert.Equal(
            (theirs.Kind, theirs.UploaderId, theirs.UploaderIp, theirs.UploadedAt, theirs.ParentContentId, theirs.Pdq, theirs.PdqQuality, theirs.Md5, theirs.Sha256, theirs.Vpdq),
            (mine.Kind, mine.UploaderId, mine.UploaderIp, mine.UploadedAt, mine.ParentContentId, mine.Pdq, mine.PdqQuality, mine.Md5, mine.Sha256, mine.Vpdq));
        Assert.Equal(
            (theirs.Verdict, theirs.RecordedAt, theirs.BankSequence, theirs.Status, theirs.Views, theirs.Shares),
            (mine.Verdict, mine.RecordedAt, mine.BankSequence, mine.Status, mine.Views, mine.Shares));
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (mine.UploadedAt!.Value.Offset, mine.RecordedAt.Offset));
        var stored = await read.Database
            .SqlQueryRaw<string>("SELECT CAST(uploaded_at AS TEXT) || ' ' || CAST(recorded_at AS TEXT) || ' ' || kind || ' ' || verdict || ' ' || status AS \"Value\" FROM contents WHERE id IN ({0}, {1}) ORDER BY id", recorded.RowId, viaEf)
            .ToListAsync();
        Assert.Equal(stored[1], stored[0]);
        Assert.True(recorded.Created);
        Assert.Equal(record, await contents.GetAsync(record.ContentId));
        Assert.Equal(recorded.RowId, (await contents.FindAsync(record.ContentId))?.RowId);
    }

    [Fact]
    public async Task The_same_upload_recorded_twice_at_once_is_one_row_and_both_callers_get_it()
    {
        // Given many callers recording the same item at the same moment (a platform retrying on a timeout)
        await using var store = await OpenAsync();
        var contents = new ContentStore(store);
        var record = new ContentRecord(
            NewBankName("retry"), MediaKind.Hashes, "acct-8", null, null, null, null, null, RandomRecords.Hex(_random, SignalType.Md5), null, null, Verdict.Allow);

        // When they all record it
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => contents.RecordAsync(record))));

        // Then one of them created it, and every one got that row
        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.RowId).Distinct());
        Assert.All(results, r => Assert.Equal(record, r.Record));
    }
}
