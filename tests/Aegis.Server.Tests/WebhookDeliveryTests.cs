using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Aegis.Core.Events;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests;

/// <summary>
/// How webhooks reach the platform: a case's fan-out in pages (or per item when asked), and deliveries running at once
/// up to the setting, started in due order, each still retried. Each test has a SQLite database of its own and one
/// node on it, so the node's settings are the only ones in play (any node may run a cascade).
/// </summary>
public sealed class WebhookDeliveryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cascade_is_told_in_pages_of_the_setting_or_one_webhook_an_action_when_the_platform_asks(bool perItem)
    {
        // Given a node paging fan-outs 2 to a webhook (or asked for per-item events), and an item with three reshares
        await using var database = await KeyedDatabase.CreateAsync(postgres: false);
        var reviewerKey = await ReviewerKeyAsync(database);
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(database.Options, o =>
        {
            (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret);
            (o.Webhooks.ItemsPerEvent, o.Webhooks.PerItemEvents) = (2, perItem);
        });
        using var platform = server.Client(database.Platform);
        using var reviewer = server.Client(reviewerKey);
        string[] items = ["root", "share-1", "share-2", "share-3"];
        foreach (var (id, i) in items.Select((id, i) => (id, i)))
        {
            var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData([(byte)i]));
            await (await platform.PostJsonAsync("/v1/lookup", new { content_id = id, uploader_id = $"acct-{id}", parent_content_id = i == 0 ? null : "root", md5 })).JsonAsync(HttpStatusCode.OK);
        }

        // When it is reported and confirmed
        var caseId = (long)(await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { "root" }, category = "other_policy" })).JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "spam" })).JsonAsync(HttpStatusCode.OK);

        // Then the platform is told of its 12 actions: in 6 pages of 2, or 12 webhooks of their own
        foreach (var id in items)
        {
            await receiver.WaitForActionAsync("removed", id);
            await receiver.WaitForActionAsync("demonetized", id);
        }

        await receiver.WaitForActionAsync("suspended", "acct-root");
        foreach (var id in items.Skip(1))
        {
            await receiver.WaitForActionAsync("review_requested", $"acct-{id}");
        }

        await server.DisposeAsync(); // nothing more can arrive
        var pages = receiver.Received.Where(e => e.Type == "case.actions").Select(e => e.Body).ToList();
        var perItemEvents = receiver.Received.Count(e => WebhookReceiver.PerItemActions.ContainsKey(e.Type));
        Assert.Equal(perItem ? (0, 12) : (6, 0), (pages.Count, perItemEvents));
        Assert.Equal(12, receiver.Actions().Count);
        Assert.Equal(perItem ? [] : Enumerable.Range(1, 6), pages.Select(p => (int)p["page"]!).Order());
        Assert.All(pages, p => Assert.Equal((caseId, 6), ((long)p["case_id"]!, (int)p["pages"]!)));
        Assert.All(pages, p => Assert.Equal(2, p["items"]!.AsArray().Count + p["accounts"]!.AsArray().Count));
    }

    [Fact]
    public async Task Deliveries_run_at_once_up_to_the_setting_and_start_in_due_order()
    {
        // Given ten events waiting in the outbox, and a platform that holds every delivery open until told to answer
        const int Concurrency = 3, Events = 10;
        await using var database = await KeyedDatabase.CreateAsync(postgres: false);
        var due = await WriteEventsAsync(database, Events);
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N")) { HoldAll = true };

        // When a node delivering 3 at a time starts (a long timeout: a held delivery must not time out and be retried)
        await using var server = await RunningServer.StartAsync(database.Options, o =>
        {
            (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret);
            (o.Webhooks.Concurrency, o.Webhooks.TimeoutSeconds) = (Concurrency, 300);
        });

        // Then the first three due are under way at once
        await Waits.UntilAsync(() => receiver.Arrivals.Count == Concurrency, "three deliveries held at once", seen: () => $"{receiver.Arrivals.Count} arrived");
        Assert.Equal(due.Take(Concurrency).Order(), receiver.Arrivals.Order());

        // And each answer lets exactly the next one due start
        for (var k = Concurrency; k < Events; k++)
        {
            receiver.ReleaseOldest();
            await Waits.UntilAsync(() => receiver.Arrivals.Count == k + 1, $"delivery {k + 1} to start", seen: () => $"{receiver.Arrivals.Count} arrived");
            Assert.Equal(due[k], receiver.Arrivals.ElementAt(k));
            Assert.Equal(Concurrency, receiver.InFlight);
        }

        for (var k = 0; k < Concurrency; k++)
        {
            receiver.ReleaseOldest();
        }

        await WaitDeliveredAsync(database);
        Assert.Equal(Concurrency, receiver.MaxInFlight);
        Assert.Equal(Events, receiver.Received.Select(r => r.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_deliveries_that_fail_are_retried_with_the_same_event_id()
    {
        // Given eight events, and a platform that refuses the first delivery of each
        await using var database = await KeyedDatabase.CreateAsync(postgres: false);
        await WriteEventsAsync(database, 8);
        var refused = new ConcurrentDictionary<string, bool>();
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"))
        {
            FailFirst = int.MaxValue,
            FailOnly = body => refused.TryAdd((string)body["event_id"]!, true),
        };

        // When a node delivering 4 at a time sends them
        await using var server = await RunningServer.StartAsync(database.Options, o =>
        {
            (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret);
            o.Webhooks.Concurrency = 4;
        });
        await WaitDeliveredAsync(database);

        // Then each was refused once, then accepted once, with one id
        Assert.Equal(8, refused.Count);
        Assert.All(
            receiver.Attempts.GroupBy(a => a.EventId),
            g => Assert.Equal([500, 200], g.Select(a => a.Status)));
        Assert.Equal(refused.Keys.Order(StringComparer.Ordinal), receiver.Received.Select(r => r.EventId).Order(StringComparer.Ordinal));
    }

    private static async Task<string> ReviewerKeyAsync(KeyedDatabase database)
    {
        await using var store = await BankStore.OpenAsync(database.Options);
        return (await new ApiKeyStore(store).CreateAsync("reviewer-ana", ApiKeyRole.Reviewer)).Secret;
    }

    /// <summary>Writes <paramref name="count"/> single restrictions a millisecond apart; returns their outbox sequences in due order.</summary>
    private static async Task<List<long>> WriteEventsAsync(KeyedDatabase database, int count)
    {
        await using var store = await BankStore.OpenAsync(database.Options);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < count; i++)
        {
            await using var db = store.CreateContext();
            EventWriter.Add(db, new ContentRestricted($"post-{i}", i + 1, "reported"), at.AddMilliseconds(i));
            await db.SaveChangesAsync();
        }

        await using var read = store.CreateContext();
        return await read.Outbox.OrderBy(o => o.DueAt).ThenBy(o => o.Sequence).Select(o => o.Sequence).ToListAsync();
    }

    private static async Task WaitDeliveredAsync(KeyedDatabase database)
    {
        await using var store = await BankStore.OpenAsync(database.Options);
        var outbox = new OutboxStore(store);
        var pending = -1;
        await Waits.UntilAsync(async () => (pending = await outbox.PendingAsync()) == 0, "every webhook delivered", seen: () => $"{pending} pending");
    }
}
