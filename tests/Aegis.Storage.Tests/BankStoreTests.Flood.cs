using Aegis.Core.Content;
using Aegis.Core.Exchanges;
using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Aegis.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    /// <summary>Rules with small numbers: an hour's window, 3 matches, half the uploads, ten times, 4 new-entry matches.</summary>
    private static readonly FloodRules Flood = FloodRules.Default with { MinMatches = 3, EntryShare = 0.5, ExchangeMinMatches = 4 };

    [Fact]
    public async Task An_entry_matching_above_its_minimum_and_share_is_quarantined_once_told_and_released_and_a_released_entry_is_left_alone()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        await exchanges.ApplyPageAsync(await ClaimAsync(exchanges, name), Page(Record("bad", "m-1", "A1", Md5(31)), Record("good", "m-2", "A1", Md5(32))), Lease);
        var entries = await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true));
        var (bad, good) = (entries.Single(e => e.Source.RecordKey == "bad").Id, entries.Single(e => e.Source.RecordKey == "good").Id);
        AtOwnHour(); // far from the other tests' buckets, and an old enough exchange
        await exchanges.MarkFloodBucketAsync(Flood);
        _time.Now += TimeSpan.FromMinutes(55); // this hour's window starts at the mark
        await RecordAllowedAsync(store, 4); // four uploads gated without a match
        var before = await store.LatestChangeAsync();

        // Questions that gate no upload are answered, never counted
        for (var i = 0; i < 5; i++)
        {
            Assert.Empty((await exchanges.CheckAtGateAsync([bad], Flood, count: false)).Held);
        }

        // When the bad entry matches three times, it acts; the fourth is above 3 and above half of the 5 uploads gated (4 before, and this one)
        var checks = new List<FloodCheck>();
        for (var i = 0; i < 4; i++)
        {
            checks.Add(await exchanges.CheckAtGateAsync([bad], Flood));
        }

        var again = await exchanges.CheckAtGateAsync([bad, good], Flood);

        // Then the first three hold nothing, the fourth and every later one hold the bad entry; the good one acts
        Assert.All(checks.Take(3), c => Assert.Empty(c.Held));
        Assert.Equal(new[] { bad }, checks[3].Held);
        Assert.Equal(new[] { bad }, again.Held);
        Assert.Equal(new[] { bad }, (await exchanges.CheckAtGateAsync([bad], Flood, count: false)).Held);
        Assert.Contains("quarantined by the flood guard", Assert.Single(again.Reasons), StringComparison.Ordinal);

        // And it was quarantined once: one change row, one event with its source
        var changes = await ChangesOfAsync(store, bank, before);
        Assert.Equal(new[] { (BankChangeKind.EntryQuarantined, bad) }, changes.Select(c => (c.Kind, c.Entry!.Id)));
        var told = Assert.Single(await OutboxOfAsync(store, "exchange.entry_quarantined", name));
        Assert.Contains("\"record_key\":\"bad\"", told, StringComparison.Ordinal);
        Assert.Contains("\"member\":\"m-1\"", told, StringComparison.Ordinal);
        Assert.Equal(1, (await exchanges.GetAsync(name))!.QuarantinedEntries);
        var listed = Assert.Single(await exchanges.ListQuarantinedAsync(name, Flood, 10));
        Assert.Equal((bad, "bad", 4L), (listed.EntryId, listed.RecordKey, listed.WindowMatches));

        // When a curator releases it, it acts again and is never counted again
        var released = await exchanges.ReleaseEntryAsync(bad, "curator-1", Flood);
        Assert.Null(released.QuarantinedAt);
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty((await exchanges.CheckAtGateAsync([bad], Flood)).Held);
        }

        Assert.Equal(BankChangeKind.EntryReleased, (await ChangesOfAsync(store, bank, before)).Last().Kind);
        Assert.Equal(BankStoreError.Conflict, (await Assert.ThrowsAsync<BankStoreException>(() => exchanges.ReleaseEntryAsync(bad, "curator-1", Flood))).Error);
        Assert.Equal(BankStoreError.NotFound, (await Assert.ThrowsAsync<BankStoreException>(() => exchanges.ReleaseEntryAsync(long.MaxValue, "curator-1", Flood))).Error);
        Assert.Empty(await exchanges.ListQuarantinedAsync(name, Flood, 10));
    }

    [Fact]
    public async Task An_entry_below_its_share_of_the_uploads_gated_acts_and_its_matches_leave_the_window_as_time_passes()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        await exchanges.ApplyPageAsync(await ClaimAsync(exchanges, name), Page(Record("busy", "m-1", "A1", Md5(33))), Lease);
        var busy = Assert.Single(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true))).Id;
        AtOwnHour();
        await exchanges.MarkFloodBucketAsync(Flood);
        _time.Now += TimeSpan.FromMinutes(55);
        await RecordAllowedAsync(store, 40);

        // Ten matches among 50 uploads: above the minimum, below half
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty((await exchanges.CheckAtGateAsync([busy], Flood)).Held);
        }

        // An hour on, the window holds none of them: three more matches stay at the minimum
        _time.Now += TimeSpan.FromMinutes(65);
        await exchanges.MarkFloodBucketAsync(Flood);
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty((await exchanges.CheckAtGateAsync([busy], Flood)).Held);
        }

        Assert.Empty(await exchanges.ListQuarantinedAsync(name, Flood, 10));
    }

    [Fact]
    public async Task An_exchange_whose_new_entries_match_far_above_its_history_is_quarantined_whole_until_released()
    {
        await using var store = await OpenAsync();
        var (exchanges, name, bank) = await NewExchangeAsync(store);
        var rules = Flood with { MinMatches = 1_000 }; // no single entry floods: many entries do, a little each
        await exchanges.ApplyPageAsync(
            await ClaimAsync(exchanges, name), Page([.. Enumerable.Range(0, 6).Select(i => Record($"r{i}", "m-1", "A1", Md5(40 + i)))]), Lease);
        var ids = (await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true))).Select(e => e.Id).Order().ToList();

        // When five of its new entries match once each (above 4 and above ten times no history)
        var checks = new List<FloodCheck>();
        foreach (var id in ids.Take(5))
        {
            checks.Add(await exchanges.CheckAtGateAsync([id], rules));
        }

        // Then the fifth quarantines the whole exchange: its sixth entry, never matched before, holds too
        Assert.All(checks.Take(4), c => Assert.Empty(c.Held));
        Assert.Equal(new[] { ids[4] }, checks[4].Held);
        Assert.Equal(new[] { ids[5] }, (await exchanges.CheckAtGateAsync([ids[5]], rules)).Held);
        Assert.NotNull((await exchanges.GetAsync(name))!.QuarantinedAt);
        Assert.Single(await OutboxOfAsync(store, "exchange.quarantined", name));

        // When a curator releases it, its entries act again; only matches after the release count
        Assert.Null((await exchanges.ReleaseExchangeAsync(name, "curator-1")).QuarantinedAt);
        _time.Now += rules.Window / FloodRules.BucketsPerWindow;
        Assert.Empty((await exchanges.CheckAtGateAsync([ids[0]], rules)).Held);
        Assert.Equal(BankStoreError.Conflict, (await Assert.ThrowsAsync<BankStoreException>(() => exchanges.ReleaseExchangeAsync(name, "curator-1"))).Error);
    }

    /// <summary>Moves the clock to an hour of this test's own, bucket-aligned, years after the exchange was made.</summary>
    private void AtOwnHour()
    {
        _time.Now = Start.AddYears(1).AddHours(Random.Shared.Next(1, 5_000_000));
    }

    private async Task RecordAllowedAsync(BankStore store, int count)
    {
        var contents = new ContentStore(store);
        for (var i = 0; i < count; i++)
        {
            await contents.RecordAsync(new ContentRecord(
                NewBankName("plain"), MediaKind.Hashes, null, null, null, null, null, null, RandomRecords.Hex(_random, SignalType.Md5), null, null, Verdict.Allow));
        }
    }

    private static async Task<List<string>> OutboxOfAsync(BankStore store, string type, string exchange)
    {
        await using var db = store.CreateContext();
        var rows = await db.Outbox.AsNoTracking().Where(o => o.Type == type).Select(o => o.Payload).ToListAsync();
        return [.. rows.Where(p => p.Contains($"\"exchange\":\"{exchange}\"", StringComparison.Ordinal))];
    }
}
