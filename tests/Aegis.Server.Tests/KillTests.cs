using System.Net;
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
    [Fact]
    public async Task A_server_killed_while_delivering_a_webhook_delivers_it_again_after_restart_with_the_same_id()
    {
        await using var receiver = new WebhookReceiver("kill-" + Guid.NewGuid().ToString("N")) { HoldFirst = TimeSpan.FromSeconds(30) };
        var environment = Environment(receiver);
        var id = "kill-hook-" + Guid.NewGuid().ToString("N")[..8];
        var server = await ServerProcess.StartAsync(fixture.Database.Options, environment);
        using (var platform = server.Client(fixture.Platform))
        {
            await (await platform.PostBytesAsync($"/v1/media?content_id={id}", Images.Unrelated(401))).JsonAsync(HttpStatusCode.OK);
            await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation" })).JsonAsync(HttpStatusCode.Created);
        }

        await receiver.Held.Task.WaitAsync(TimeSpan.FromSeconds(20)); // the first delivery is in flight, unanswered
        server.Kill();
        await server.DisposeAsync();
        await using var restarted = await ServerProcess.StartAsync(fixture.Database.Options, environment);

        var first = receiver.Received.First();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Received.Count(e => e.EventId == first.EventId) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(receiver.Received.Count(e => e.EventId == first.EventId) >= 2, "the interrupted delivery was not repeated");
        await receiver.WaitForAsync("content.restricted", "content_id", id, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_server_killed_in_the_middle_of_a_cascade_does_every_step_exactly_once()
    {
        await using var receiver = new WebhookReceiver("kill-" + Guid.NewGuid().ToString("N"));
        var environment = Environment(receiver);
        var run = Guid.NewGuid().ToString("N")[..8];
        var root = $"root-{run}";
        var server = await ServerProcess.StartAsync(fixture.Database.Options, environment);
        long caseId;
        using (var platform = server.Client(fixture.Platform))
        {
            var hashes = (await (await platform.PostBytesAsync($"/v1/media?content_id={root}&uploader_id=u-{run}", Images.Unrelated(402))).JsonAsync(HttpStatusCode.OK))["hashes"]!;

            // 300 reshares, some of reshares, recorded through hash lookups with their parent ids.
            for (var i = 0; i < 300; i++)
            {
                var parent = i < 30 ? root : $"share-{run}-{i / 10}";
                await (await platform.PostJsonAsync("/v1/lookup", new { content_id = $"share-{run}-{i}", parent_content_id = parent, uploader_id = $"fan-{i}", md5 = (string)hashes["md5"]! })).JsonAsync(HttpStatusCode.OK);
            }

            caseId = (long)(await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { root }, category = "other_policy" })).JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;
        }

        // Confirm, and kill the server while it works on it.
        using (var reviewer = server.Client(fixture.Reviewer))
        {
            var decision = reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "spam ring" });
            await Task.Delay(30);
            server.Kill();
            try
            {
                await decision; // usually cut off; if the cascade was quicker than the kill, it simply committed
            }
            catch (HttpRequestException)
            {
            }
        }

        await server.DisposeAsync();
        await using var restarted = await ServerProcess.StartAsync(fixture.Database.Options, environment);
        using (var reviewer = restarted.Client(fixture.Reviewer))
        {
            var state = (string)(await (await reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK))["state"]!;
            if (state != "confirmed")
            {
                // Killed before the decision committed: nothing was acknowledged and nothing happened; decide again.
                await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "spam ring" })).JsonAsync(HttpStatusCode.OK);
            }

            // Killed after the decision committed but before (or during) its cascade: the restarted node finishes it.
        }

        var ids = new[] { root }.Concat(Enumerable.Range(0, 300).Select(i => $"share-{run}-{i}")).ToList();
        foreach (var id in ids)
        {
            await receiver.WaitForAsync("content.removed", "content_id", id, TimeSpan.FromSeconds(30));
        }

        await using var store = await BankStore.OpenAsync(fixture.Database.Options);
        await using var db = store.CreateContext();
        var removals = await db.Outbox.Where(o => o.Type == "content.removed" && o.Payload.Contains(run)).CountAsync();
        Assert.Equal(ids.Count, removals);
        Assert.True((await new AuditLog(store).VerifyAsync()).Intact);
    }

    private static Dictionary<string, string> Environment(WebhookReceiver receiver) => new()
    {
        ["AEGIS_WEBHOOKS__URL"] = receiver.Address.ToString(),
        ["AEGIS_WEBHOOKS__SECRET"] = receiver.Secret,
        ["AEGIS_FEEDPOLLMILLISECONDS"] = "100",
    };
}

public sealed class SqliteKillTests(SqliteServerFixture fixture) : KillTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class PostgresKillTests(PostgresServerFixture fixture) : KillTests(fixture), IClassFixture<PostgresServerFixture>;
