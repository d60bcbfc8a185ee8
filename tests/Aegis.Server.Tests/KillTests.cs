using System.Net;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests;

/// <summary>
/// SIGKILL in the middle of webhook delivery and of a cascade: after a restart every action has happened exactly once and
/// every webhook has arrived at least once with its idempotency id. Real <c>aegis serve</c> processes.
/// </summary>
public abstract class KillTests(ServerFixture fixture)
{
    /// <summary>How often the cascade test looks for the committed confirmation: often, to catch its cascade running.</summary>
    private static readonly TimeSpan CascadeLook = TimeSpan.FromMilliseconds(2);

    [Fact]
    public async Task A_server_killed_while_delivering_a_webhook_delivers_it_again_after_restart_with_the_same_id()
    {
        await using var receiver = new WebhookReceiver("kill-" + Guid.NewGuid().ToString("N")) { HoldFirst = true };
        var environment = Environment(receiver);
        var id = "kill-hook-" + Guid.NewGuid().ToString("N")[..8];
        await using var server = await ServerProcess.StartAsync(fixture.Database.Options, environment);
        using (var platform = server.Client(fixture.Platform))
        {
            await (await platform.PostBytesAsync($"/v1/media?content_id={id}", Images.Unrelated(401))).JsonAsync(HttpStatusCode.OK);
            await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation" })).JsonAsync(HttpStatusCode.Created);
        }

        await Waits.UntilAsync(() => receiver.Held.Task.IsCompleted, "the first webhook delivery"); // in flight, unanswered
        server.Kill();
        await server.DisposeAsync();
        await using var restarted = await ServerProcess.StartAsync(fixture.Database.Options, environment);

        // At least once: the interrupted delivery comes again (a second time, or more should a lease run out meanwhile).
        var first = receiver.Received.First();
        await Waits.UntilAsync(
            () => receiver.Received.Count(e => e.EventId == first.EventId) >= 2,
            $"the interrupted delivery of event {first.EventId} ({first.Type}) to come again",
            seen: () => string.Join(", ", receiver.Received.Select(e => $"{e.Type}:{e.EventId}")));
        await receiver.WaitForAsync("content.restricted", "content_id", id);
    }

    [Fact]
    public async Task Everything_acknowledged_before_a_sigkill_is_there_after_restart()
    {
        // Given uploads, a banked hash, a report and exposure counts, each acknowledged
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var server = await ServerProcess.StartAsync(fixture.Database.Options, new Dictionary<string, string>());
        string bank = $"kill-bank-{run}", md5;
        long caseId;
        using (var platform = server.Client(fixture.Platform))
        using (var curator = server.Client(fixture.Curator))
        {
            for (var i = 0; i < 20; i++)
            {
                await (await platform.PostBytesAsync($"/v1/media?content_id=ack-{run}-{i}&uploader_id=u-{run}", Images.Unrelated(500 + i))).JsonAsync(HttpStatusCode.OK);
            }

            md5 = (string)(await (await platform.PostBytesAsync($"/v1/media?content_id=ack-{run}-banked", Images.Unrelated(520))).JsonAsync(HttpStatusCode.OK))["hashes"]!["md5"]!;
            await (await curator.PostJsonAsync("/v1/banks", new { name = bank })).JsonAsync(HttpStatusCode.Created);
            await (await curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = "md5", value = md5 })).JsonAsync(HttpStatusCode.Created);
            caseId = (long)(await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { $"ack-{run}-3" }, category = "sextortion" })).JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;
            (await platform.PostJsonAsync($"/v1/contents/ack-{run}-3/exposure", new { views = 42, shares = 1 })).EnsureSuccessStatusCode();
        }

        // When the server is killed at once, with no shutdown, and started again
        server.Kill();
        await server.DisposeAsync();
        await using var restarted = await ServerProcess.StartAsync(fixture.Database.Options, new Dictionary<string, string>());
        using var again = restarted.Client(fixture.Platform);
        using var reviewer = restarted.Client(fixture.Reviewer);

        // Then every item, the bank entry, the case, its restriction and the counts are there
        for (var i = 0; i < 20; i++)
        {
            await (await again.GetAsync($"/v1/contents/ack-{run}-{i}")).JsonAsync(HttpStatusCode.OK);
        }

        var reported = await (await again.GetAsync($"/v1/contents/ack-{run}-3")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("restricted", 42L), ((string)reported["status"]!, (long)reported["views"]!));
        Assert.Equal("open", (string)(await (await reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK))["state"]!);
        var blocked = await (await again.PostJsonAsync("/v1/lookup", new { md5 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string)blocked["verdict"]!);
    }

    [Fact]
    public async Task A_server_killed_in_the_middle_of_a_cascade_does_every_step_exactly_once()
    {
        // Given an item with 1,500 reshares (some of reshares, each with bytes of its own, by 1,500 accounts)
        const int Reshares = 1500;
        await using var receiver = new WebhookReceiver("kill-" + Guid.NewGuid().ToString("N"));
        var environment = Environment(receiver);
        await using var store = await BankStore.OpenAsync(fixture.Database.Options);
        var contents = new ContentStore(store);
        await using var server = await ServerProcess.StartAsync(fixture.Database.Options, environment);
        string run, root;
        long caseId;
        var attempt = 0;
        while (true)
        {
            (run, root, caseId) = await ReportedWithResharesAsync(server, contents, Reshares, Images.Unrelated(402 + attempt)); // an earlier try's item is banked

            // When the confirmation has committed and, before its cascade could commit, the server is killed. The test
            // takes the case's write lock (SQLite: the database's; PostgreSQL: the case row's) to read the mark, so a
            // cascade seen pending cannot commit before the kill. A cascade that got the lock first has run whole, and
            // the test tries again with a new item (on a busy machine the gap between the two commits can be missed).
            using var reviewer = server.Client(fixture.Reviewer);
            var decision = reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "spam ring" });
            var killed = false;
            while (!killed && !decision.IsCompleted)
            {
                await using var look = store.CreateContext();
                await using var hold = await BankStore.BeginWriteAsync(look, CancellationToken.None);
                if ((await CaseRows.LockCaseAsync(look, caseId, CancellationToken.None))!.CascadePending)
                {
                    server.Kill();
                    killed = true;
                }
                else
                {
                    await hold.RollbackAsync();
                    await Task.Delay(CascadeLook);
                }
            }

            if (killed)
            {
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => decision);
                break;
            }

            await decision;
            Assert.True(++attempt < 5, "in five tries, no cascade was caught between its confirmation and its commit");
        }

        // Then the cascade had not committed; after a restart it is finished, every step exactly once
        Assert.True(await CascadePendingAsync(store, caseId), "the cascade committed before the kill");
        await server.DisposeAsync();
        await using var restarted = await ServerProcess.StartAsync(fixture.Database.Options, environment);
        var ids = new[] { root }.Concat(Enumerable.Range(0, Reshares).Select(i => $"share-{run}-{i}")).ToList();
        await Waits.UntilAsync(
            () => receiver.Actions().Where(a => a.Action == "removed").Select(a => a.Id).ToHashSet().IsSupersetOf(ids),
            $"the platform to be told of all {ids.Count} removals",
            seen: () => $"{receiver.Actions().Count(a => a.Action == "removed")} removals");

        Assert.False(await CascadePendingAsync(store, caseId));
        await using var db = store.CreateContext();
        var events = await db.Outbox.Where(o => o.Payload.Contains(run)).GroupBy(o => o.Type).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var pages = (await db.Outbox.Where(o => o.Type == "case.actions" && o.Payload.Contains(run)).Select(o => o.Payload).ToListAsync())
            .Select(p => System.Text.Json.Nodes.JsonNode.Parse(p)!).ToList();
        var actions = pages.SelectMany(p => p["items"]!.AsArray().Concat(p["accounts"]!.AsArray())).GroupBy(a => (string)a!["action"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.DoesNotContain(events.Keys, WebhookReceiver.PerItemActions.ContainsKey); // the cascade's 4,503 actions in pages of 500
        Assert.Equal(10, pages.Count);
        Assert.Equal(ids.Count, actions["removed"]);
        Assert.Equal(ids.Count, actions["demonetized"]);
        Assert.Equal(Reshares, actions["review_requested"]);
        Assert.Equal(1, actions["suspended"]);
        Assert.Equal(3, await db.Entries.CountAsync(e => e.List == $"case:{caseId}")); // the root's PDQ, MD5 and SHA-256, banked once
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "cascade.applied" && a.Subject == $"case:{caseId}"));
        Assert.True((await new AuditLog(store).VerifyAsync()).Intact);
    }

    private async Task<(string Run, string Root, long CaseId)> ReportedWithResharesAsync(ServerProcess server, ContentStore contents, int reshares, byte[] image)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var root = $"root-{run}";
        using var platform = server.Client(fixture.Platform);
        await (await platform.PostBytesAsync($"/v1/media?content_id={root}&uploader_id=u-{run}", image)).JsonAsync(HttpStatusCode.OK);
        for (var i = 0; i < reshares; i++)
        {
            var parent = i < 30 ? root : $"share-{run}-{i / 50}";
            var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{run}-{i}")));
            await contents.RecordAsync(new ContentRecord($"share-{run}-{i}", MediaKind.Hashes, $"fan-{run}-{i}", null, null, parent, null, null, md5, null, null, Verdict.Allow));
        }

        var caseId = (long)(await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { root }, category = "other_policy" })).JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;
        return (run, root, caseId);
    }

    private static async Task<bool> CascadePendingAsync(BankStore store, long caseId)
    {
        await using var db = store.CreateContext();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.CascadePending).SingleAsync();
    }

    private static Dictionary<string, string> Environment(WebhookReceiver receiver) => new()
    {
        ["AEGIS_WEBHOOKS__URL"] = receiver.Address.ToString(),
        ["AEGIS_WEBHOOKS__SECRET"] = receiver.Secret,
        ["AEGIS_FEEDPOLLMILLISECONDS"] = "100",
        ["AEGIS_WEBHOOKS__TIMEOUTSECONDS"] = "2", // a killed node's claim on an event runs out 7 s after it was taken
    };
}

public sealed class SqliteKillTests(SqliteServerFixture fixture) : KillTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class PostgresKillTests(PostgresServerFixture fixture) : KillTests(fixture), IClassFixture<PostgresServerFixture>;
