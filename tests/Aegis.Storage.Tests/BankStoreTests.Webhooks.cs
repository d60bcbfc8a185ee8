using System.Text.Json.Nodes;
using Aegis.Core.Content;
using Aegis.Core.Events;
using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Aegis.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task A_cascade_is_written_as_webhook_pages_of_the_stores_setting_and_an_audit_entry_per_action()
    {
        // Given a store paging fan-outs 2 to a webhook, and a cascade of three items
        await using var store = await BankStore.OpenAsync(database.Options with { Webhooks = new WebhookPagingOptions(ItemsPerEvent: 2) }, _time);
        var caseId = _random.NextInt64(1_000_000, long.MaxValue);
        DomainEvent[] cascade =
        [
            new ContentRemoved("root", caseId, "confirmed"), new ContentDemonetized("root", caseId, "confirmed"), new AccountSuspended("acct-root", caseId, "uploaded root"),
            new ContentRemoved("share-1", caseId, "a reshare of root"), new AccountReviewRequested("acct-share-1", caseId, "reshared root"),
            new CascadeApplied("ana", caseId, 5, 2, 1),
        ];
        long before;
        await using (var db = store.CreateContext())
        {
            before = await db.Outbox.Select(o => (long?)o.Sequence).MaxAsync() ?? 0;
        }

        // When its events are written
        await using (var db = store.CreateContext())
        {
            EventWriter.Add(db, cascade, _time.GetUtcNow());
            await db.SaveChangesAsync();
        }

        // Then the platform is sent three case.actions pages in order and nothing per item; every audited event is audited
        await using var check = store.CreateContext();
        var outbox = await check.Outbox.Where(o => o.Sequence > before).OrderBy(o => o.Sequence).ToListAsync();
        Assert.Equal(["case.actions", "case.actions", "case.actions"], outbox.Select(o => o.Type));
        var pages = outbox.Select(o => JsonNode.Parse(o.Payload)!).ToList();
        Assert.All(pages, p => Assert.Equal((caseId, 3, "case.actions"), ((long)p["case_id"]!, (int)p["pages"]!, (string)p["type"]!)));
        Assert.Equal([1, 2, 3], pages.Select(p => (int)p["page"]!));
        Assert.Equal(
            ["removed root", "demonetized root", "removed share-1", "suspended acct-root", "review_requested acct-share-1"], // a page: its items, then its accounts
            pages.SelectMany(p =>
                p["items"]!.AsArray().Select(i => $"{i!["action"]} {i["content_id"]}").Concat(p["accounts"]!.AsArray().Select(a => $"{a!["action"]} {a["account_id"]}"))));
        var caseText = caseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audited = await check.AuditLog.Where(a => a.Data.Contains(caseText)).Select(a => a.Action + " " + a.Subject).ToListAsync();
        Assert.Equal(
            ["account.suspended account:acct-root", $"cascade.applied case:{caseId}", "content.demonetized content:root", "content.removed content:root", "content.removed content:share-1"],
            audited.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_retroactive_match_of_an_item_already_removed_is_recorded_but_not_sent_to_the_platform()
    {
        // Given two allowed items, one of them removed since (a cascade took it down and banked its hash)
        await using var store = await OpenAsync();
        var contents = new ContentStore(store);
        var (visible, removed) = (NewBankName("visible"), NewBankName("removed"));
        async Task<long> RecordAsync(string id) =>
            (await contents.RecordAsync(new ContentRecord(id, MediaKind.Hashes, null, null, null, null, null, null, RandomRecords.Hex(_random, SignalType.Md5), null, null, Verdict.Allow))).RowId;
        var (visibleRow, removedRow) = (await RecordAsync(visible), await RecordAsync(removed));
        await using (var db = store.CreateContext())
        {
            await db.Contents.Where(c => c.Id == removedRow).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, Core.Reports.ContentStatus.Removed));
        }

        var latest = (await contents.ReadMatchEventsAsync(0, 10_000)).Select(e => e.Sequence).DefaultIfEmpty(0).Max();

        // When both match a newly banked hash
        var added = await contents.AddMatchEventsAsync(
            [new NewMatchEvent(visibleRow, "platform-confirmed", 11, SignalType.Md5, 0, BankAction.Block), new NewMatchEvent(removedRow, "platform-confirmed", 11, SignalType.Md5, 0, BankAction.Block)]);

        // Then both matches are recorded (the platform may read them), and only the visible item's is a webhook
        Assert.Equal(2, added);
        Assert.Equal([visible, removed], (await contents.ReadMatchEventsAsync(latest, 10)).Select(e => e.ContentId));
        await using var check = store.CreateContext();
        var told = await check.Outbox.Where(o => o.Type == "content.matched" && (o.Payload.Contains(visible) || o.Payload.Contains(removed))).Select(o => o.Payload).ToListAsync();
        Assert.Contains(visible, Assert.Single(told), StringComparison.Ordinal);
    }
}
