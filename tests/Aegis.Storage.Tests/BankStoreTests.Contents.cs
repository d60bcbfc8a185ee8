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

    [Fact]
    public async Task A_content_feed_misses_nothing_recorded_concurrently_though_ids_commit_out_of_order()
    {
        // Given many writers recording at once (no lock orders their commits) while a feed follows the table
        await using var store = await OpenAsync();
        var contents = new ContentStore(store);
        var prefix = NewBankName("race");
        const int Writers = 8, PerWriter = 300;
        var feed = new ContentFeed(contents, _time);
        await foreach (var _ in feed.ReadAsync())
        {
        }

        var seen = new HashSet<long>();
        var done = 0;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var rows = new List<long>();
            for (var i = 0; i < PerWriter; i++)
            {
                var record = new ContentRecord($"{prefix}-{w}-{i}", MediaKind.Hashes, null, null, null, null, null, null, null, null, null, Verdict.Allow);
                rows.Add((await contents.RecordAsync(record)).RowId);
            }

            Interlocked.Increment(ref done);
            return rows;
        })).ToList();

        // When the feed is read over and over until the writers are done, then once more
        var duplicates = 0;
        while (true)
        {
            var finished = Volatile.Read(ref done) == Writers;
            await foreach (var item in feed.ReadAsync())
            {
                duplicates += seen.Add(item.RowId) ? 0 : 1;
            }

            if (finished)
            {
                break;
            }
        }

        // Then it has given every recorded row, each once, and looks for nothing more
        var recorded = (await Task.WhenAll(writers)).SelectMany(r => r).ToList();
        var missed = recorded.Where(r => !seen.Contains(r)).ToList();
        Assert.True(missed.Count == 0, $"The feed missed {missed.Count} rows: {string.Join(", ", missed.Take(10))}");
        Assert.Equal(0, duplicates);
        Assert.Equal(0, feed.Holes);
        Log($"{recorded.Count} rows followed");
    }

    [Fact]
    public async Task A_hole_left_by_a_failed_insert_is_looked_for_only_until_the_grace_passes()
    {
        // Given a content id recorded, the same id refused with other hashes (on PostgreSQL that burns an id), then another
        await using var store = await OpenAsync();
        var contents = new ContentStore(store);
        var feed = new ContentFeed(contents, _time, TimeSpan.FromMinutes(1));
        await foreach (var _ in feed.ReadAsync())
        {
        }

        var id = NewBankName("dup");
        var record = new ContentRecord(id, MediaKind.Hashes, null, null, null, null, null, null, RandomRecords.Hex(_random, SignalType.Md5), null, null, Verdict.Allow);
        var first = await contents.RecordAsync(record);
        await Assert.ThrowsAsync<BankStoreException>(() => contents.RecordAsync(record with { Md5 = RandomRecords.Hex(_random, SignalType.Md5) }));
        var after = await contents.RecordAsync(record with { ContentId = id + "-next" });

        // When the feed reads now, and again after the grace
        var read = new List<long>();
        await foreach (var item in feed.ReadAsync())
        {
            read.Add(item.RowId);
        }

        var holesNow = feed.Holes;
        _time.Now += TimeSpan.FromMinutes(2);
        await foreach (var _ in feed.ReadAsync())
        {
        }

        // Then both rows came, the burnt id (PostgreSQL's; SQLite burns none) was looked for, and is forgotten after the grace
        Assert.Equal([first.RowId, after.RowId], read);
        Assert.Equal(database.Options.UsesPostgres ? 1 : 0, holesNow);
        Assert.Equal(0, feed.Holes);
    }
}
