using System.Collections.Concurrent;
using System.Net;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests;

/// <summary>
/// Two real <c>aegis serve</c> nodes on one PostgreSQL database, and 50 clients at once claiming, reporting, deciding and
/// releasing the same four cases while both nodes' SLA workers escalate them: every guarantee of the case workflow is
/// checked afterwards from what the clients were told, the audit log and the outbox.
/// </summary>
public sealed class CaseRaceTests : IAsyncLifetime
{
    private const int Clients = 50;
    private const int OperationsPerClient = 12;
    private const int Items = 4;

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.PostgresAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Fifty_clients_on_two_nodes_never_double_claim_lose_a_report_or_write_an_event_twice()
    {
        // Given two nodes on one database, a platform key, five reviewers, and four child-safety cases whose 3-second
        // SLA runs out during or after the race (a case a reviewer escalated first is not escalated again by the SLA)
        string platform;
        var reviewers = new List<string>();
        await using (var store = await BankStore.OpenAsync(_database.Options))
        {
            var keys = new ApiKeyStore(store);
            platform = (await keys.CreateAsync("race-platform", ApiKeyRole.Platform)).Secret;
            for (var i = 0; i < 5; i++)
            {
                reviewers.Add((await keys.CreateAsync($"race-reviewer-{i}", ApiKeyRole.Reviewer)).Secret);
            }
        }

        await using var receiver = new WebhookReceiver("race-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["AEGIS_WEBHOOKS__URL"] = receiver.Address.ToString(),
            ["AEGIS_WEBHOOKS__SECRET"] = receiver.Secret,
            ["AEGIS_CASES__CHILDSAFETYSLAMINUTES"] = "0.05",
            ["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0",
        };
        await using var nodeA = await ServerProcess.StartAsync(_database.Options, environment);
        await using var nodeB = await ServerProcess.StartAsync(_database.Options, environment);
        ServerProcess[] nodes = [nodeA, nodeB];
        var items = Enumerable.Range(0, Items).Select(i => $"race-item-{i}").ToArray();
        var caseOf = new Dictionary<string, long>();
        using (var client = nodeA.Client(platform))
        {
            foreach (var item in items)
            {
                var opened = await (await client.PostJsonAsync("/v1/reports", new { content_ids = new[] { item }, category = "child_sexual_exploitation" })).JsonAsync(HttpStatusCode.Created);
                caseOf[item] = (long)opened[0]!["case_id"]!;
            }
        }

        // When 50 clients, half on each node, claim, report, escalate and release the same four cases at once
        var reportsAccepted = new ConcurrentBag<long>();
        var claims = new ConcurrentBag<long>();
        var escalations = new ConcurrentBag<long>();
        var releases = new ConcurrentBag<long>();
        var unexpected = new ConcurrentBag<string>();
        using var start = new SemaphoreSlim(0);
        var clients = Enumerable.Range(0, Clients).Select(n => Task.Run(async () =>
        {
            var node = nodes[n % 2];
            using var asPlatform = node.Client(platform);
            using var asReviewer = node.Client(reviewers[n % reviewers.Count]);
            var random = new Random(n);
            await start.WaitAsync();
            for (var op = 0; op < OperationsPerClient; op++)
            {
                var item = items[random.Next(Items)];
                var caseId = caseOf[item];
                var (response, kind) = random.Next(4) switch
                {
                    0 => (await asPlatform.PostJsonAsync("/v1/reports", new { content_ids = new[] { item }, category = "child_sexual_exploitation" }), "report"),
                    1 => (await asReviewer.PostAsync($"/v1/cases/{caseId}/claim", null), "claim"),
                    2 => (await asReviewer.PostJsonAsync($"/v1/cases/{caseId}/release", new { }), "release"),
                    _ => (await asReviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "escalate", reason = "needs a senior" }), "decide"),
                };
                using (response)
                {
                    var status = response.StatusCode;
                    if (status is HttpStatusCode.OK or HttpStatusCode.Created)
                    {
                        (kind switch { "report" => reportsAccepted, "claim" => claims, "release" => releases, _ => escalations }).Add(caseId);
                    }
                    else if (status != HttpStatusCode.Conflict)
                    {
                        unexpected.Add($"{kind} on case {caseId}: {(int)status} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
        })).ToArray();
        start.Release(Clients);
        await Task.WhenAll(clients).WaitAsync(Waits.HangGuard);

        // ... and every case's SLA has passed and been acted on by one of the nodes
        await using var store2 = await BankStore.OpenAsync(_database.Options);
        var audit = new AuditLog(store2);
        await Waits.UntilAsync(async () =>
        {
            await using var db = store2.CreateContext();
            return await db.Cases.CountAsync(c => c.EscalatedAt != null) == Items;
        }, "every case escalated");

        // Then nothing unexpected was answered, and the audit log verifies
        Assert.Empty(unexpected);
        var entries = new List<AuditEntry>();
        await foreach (var entry in audit.ReadAsync())
        {
            entries.Add(entry);
        }

        Assert.True((await audit.VerifyAsync()).Intact);

        // ... no case was ever held by two reviewers: in the chain (which keeps each case's commit order), a claim by
        // another reviewer never comes while a claim is held and not yet given up by a release or a decision
        foreach (var caseId in caseOf.Values)
        {
            string? holder = null;
            foreach (var e in entries.Where(e => e.Subject == $"case:{caseId}"))
            {
                switch (e.Action)
                {
                    case "case.claimed":
                        Assert.True(holder is null || holder == e.Actor, $"case {caseId} claimed by {e.Actor} while {holder} held it");
                        holder = e.Actor;
                        break;
                    case "case.released" or "case.decided":
                        holder = null;
                        break;
                }
            }
        }

        // ... every accepted report is counted once, on the case it joined
        await using var check = store2.CreateContext();
        var rows = await check.Cases.AsNoTracking().ToListAsync();
        Assert.Equal(Items, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(1 + reportsAccepted.Count(c => c == row.Id), row.Reports);
            Assert.Equal(row.Reports, await check.Reports.CountAsync(r => r.CaseId == row.Id));
        }

        // ... each accepted step wrote its audit entry and its webhook exactly once
        int Audited(string action, string? actor = null) => entries.Count(e => e.Action == action && (actor is null || e.Actor == actor));
        Assert.Equal(Items + reportsAccepted.Count, Audited("report.received"));
        Assert.Equal(claims.Count, Audited("case.claimed"));
        Assert.Equal(releases.Count, Audited("case.released"));
        Assert.Equal(escalations.Count, Audited("case.decided"));
        var systemEscalations = entries.Where(e => e.Action == "case.escalated" && e.Actor == "system").GroupBy(e => e.Subject).ToList();
        Assert.All(systemEscalations, g => Assert.Single(g)); // the SLA escalates a case once, whichever node gets there
        Assert.Equal(escalations.Count + systemEscalations.Count, Audited("case.escalated"));
        var outbox = await check.Outbox.AsNoTracking().Select(o => new { o.EventId, o.Type }).ToListAsync();
        Assert.Equal(Audited("case.escalated"), outbox.Count(o => o.Type == "case.escalated"));
        Assert.Equal(escalations.Count, outbox.Count(o => o.Type == "case.decided"));
        Assert.Equal(reportsAccepted.Count, outbox.Count(o => o.Type == "case.updated"));
        Assert.Equal(Items, outbox.Count(o => o.Type == "case.opened"));
        Assert.Equal(Items, outbox.Count(o => o.Type == "content.restricted"));

        // ... and the platform received every event once: two nodes delivering one outbox never send one twice
        await Waits.UntilAsync(() => Task.FromResult(receiver.Received.Select(r => r.EventId).Distinct().Count() >= outbox.Count), "every webhook delivered");
        Assert.Equal(outbox.Select(o => o.EventId).Order(), receiver.Received.Select(r => r.EventId).Order());
        Assert.Equal(0, receiver.BadSignatures);
        Assert.NotEmpty(claims);
        Assert.NotEmpty(reportsAccepted);
    }

    [Fact]
    public async Task Two_nodes_restricting_overlapping_reshares_and_taking_one_blocked_upload_act_once_on_each()
    {
        // Given two nodes, a block bank, and an item with a chain of 30 reshares (each reshares the one before)
        string platform, curator;
        await using (var store = await BankStore.OpenAsync(_database.Options))
        {
            var keys = new ApiKeyStore(store);
            platform = (await keys.CreateAsync("reach-platform", ApiKeyRole.Platform)).Secret;
            curator = (await keys.CreateAsync("reach-curator", ApiKeyRole.Curator)).Secret;
        }

        var environment = new Dictionary<string, string> { ["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0" };
        await using var nodeA = await ServerProcess.StartAsync(_database.Options, environment);
        await using var nodeB = await ServerProcess.StartAsync(_database.Options, environment);
        using var a = nodeA.Client(platform);
        using var b = nodeB.Client(platform);
        using (var c = nodeA.Client(curator))
        {
            await (await c.PostJsonAsync("/v1/banks", new { name = "reach-known", action = "block" })).JsonAsync(HttpStatusCode.Created);
            await (await c.PostJsonAsync("/v1/banks/reach-known/entries", new { signal_type = "md5", value = new string('a', 32) })).JsonAsync(HttpStatusCode.Created);
        }

        var chain = Enumerable.Range(0, 31).Select(i => $"reach-{i}").ToArray();
        for (var i = 0; i < chain.Length; i++)
        {
            var hex = i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
            await (await a.PostJsonAsync("/v1/lookup", new { content_id = chain[i], uploader_id = $"acct-{i}", parent_content_id = i == 0 ? null : chain[i - 1], md5 = new string('0', 30) + hex }))
                .JsonAsync(HttpStatusCode.OK);
        }

        // When node A's report of the item, node B's report of the 15th reshare, and ten uploads of one known file (five
        // to each node, one content id) all arrive at once
        var reports = new[] { (a, chain[0]), (b, chain[15]) }.Select(async x =>
            await (await x.Item1.PostJsonAsync("/v1/reports", new { content_ids = new[] { x.Item2 }, category = "sextortion", reporter_is_subject = true, subject_was_minor = true }))
                .JsonAsync(HttpStatusCode.Created));
        var uploads = Enumerable.Range(0, 10).Select(async i =>
            await (await (i % 2 == 0 ? a : b).PostJsonAsync("/v1/lookup", new { content_id = "reach-known-upload", uploader_id = "someone", md5 = new string('a', 32) }))
                .JsonAsync(HttpStatusCode.OK));
        var answers = await Task.WhenAll(reports.Concat(uploads));

        // Then every item of the chain is restricted and demonetized, each restriction written (and audited) once, each
        // case's links unique, and the ten uploads share one case
        await using var check = await BankStore.OpenAsync(_database.Options);
        await using var db = check.CreateContext();
        var rows = await db.Contents.Where(x => chain.Contains(x.ContentId)).ToListAsync();
        Assert.All(rows, r => Assert.Equal((Aegis.Core.Reports.ContentStatus.Restricted, true), (r.Status, r.Demonetized)));
        var subjects = chain.Select(id => $"content:{id}").ToArray();
        var audited = await db.AuditLog.Select(e => new { e.Action, e.Subject }).ToListAsync();
        foreach (var action in new[] { "content.restricted", "content.demonetized" })
        {
            Assert.Equal(subjects.Order(), audited.Where(e => e.Action == action && subjects.Contains(e.Subject)).Select(e => e.Subject).Order());
        }
        var rootCase = (long)answers[0][0]!["case_id"]!;
        Assert.Equal(30, await db.CaseLinks.CountAsync(l => l.CaseId == rootCase));
        Assert.Single(answers.Skip(2).Select(u => (long)u["case_id"]!).Distinct());
        Assert.All(answers.Skip(2), u => Assert.Equal("block", (string)u["verdict"]!));
        Assert.Equal(1, await db.Cases.CountAsync(x => db.Contents.Any(c => c.Id == x.ContentRowId && c.ContentId == "reach-known-upload")));
    }
}
