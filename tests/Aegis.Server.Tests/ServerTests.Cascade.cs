using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    [Fact]
    public async Task A_confirmation_removes_reshares_by_parent_whatever_their_bytes_removes_near_copies_and_sends_far_ones_to_review()
    {
        // Given an item, reshares of it (and of a reshare) with unrelated bytes, a near copy and a reshare of it, a far
        // copy, and an unrelated item, all recorded by hash lookups with exact PDQ distances
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret));
        using var platform = server.Client(Fixture.Platform);
        using var reviewer = server.Client(Fixture.Reviewer);
        var random = new Random(606);
        var pdq = RandomHex(random, 32);
        var ids = new[] { "root", "reshare", "reshare2", "near", "nearshare", "far", "other" }.ToDictionary(k => k, NewName);
        async Task RecordAsync(string key, object hashes, string? parent = null)
        {
            var body = new JsonObject { ["content_id"] = ids[key], ["uploader_id"] = $"acct-{ids[key]}", ["parent_content_id"] = parent is null ? null : ids[parent] };
            foreach (var (name, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(hashes))!.AsObject())
            {
                body[name] = value!.DeepClone();
            }

            await (await platform.PostJsonAsync("/v1/lookup", body)).JsonAsync(HttpStatusCode.OK);
        }

        await RecordAsync("root", new { pdq });
        await RecordAsync("reshare", new { md5 = RandomHex(random, 16) }, parent: "root");
        await RecordAsync("reshare2", new { md5 = RandomHex(random, 16) }, parent: "reshare");
        await RecordAsync("near", new { pdq = FlipBits(pdq, 8) });
        await RecordAsync("nearshare", new { md5 = RandomHex(random, 16) }, parent: "near");
        await RecordAsync("far", new { pdq = FlipBits(pdq, 24) });
        await RecordAsync("other", new { pdq = RandomHex(random, 32) });

        // When the root is reported and confirmed
        var caseId = (long)(await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { ids["root"] }, category = "child_sexual_exploitation" }))["case_id"]!;
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", classification = "a1", reason = "confirmed" })).JsonAsync(HttpStatusCode.OK);

        // Then reshares (by parent alone), the near copy and its reshare are removed and demonetized
        foreach (var key in new[] { "root", "reshare", "reshare2", "near", "nearshare" })
        {
            await receiver.WaitForActionAsync("removed", ids[key]);
            await receiver.WaitForActionAsync("demonetized", ids[key]);
            Assert.Equal("removed", await StatusAsync(platform, ids[key]));
        }

        // And the far copy is restricted and waits in the queue with a case of its own, at the confirmed case's priority
        await receiver.WaitForActionAsync("held", ids["far"]);
        var opened = await receiver.WaitForAsync("case.opened", "content_id", ids["far"]);
        Assert.Equal("restricted", await StatusAsync(platform, ids["far"]));
        Assert.Equal(caseId, (long)opened.Body["from_case_id"]!);
        var farCase = await (await reviewer.GetAsync($"/v1/cases/{(long)opened.Body["case_id"]!}")).JsonAsync(HttpStatusCode.OK);
        var rootCase = await (await reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("open", (string)rootCase["level"]!), ((string)farCase["state"]!, (string)farCase["level"]!));

        // And the uploader is suspended, every other account queued for review, and the unrelated item untouched
        await receiver.WaitForActionAsync("suspended", $"acct-{ids["root"]}");
        foreach (var key in new[] { "reshare", "reshare2", "near", "nearshare", "far" })
        {
            await receiver.WaitForActionAsync("review_requested", $"acct-{ids[key]}");
        }

        Assert.Equal("visible", await StatusAsync(platform, ids["other"]));
        Assert.DoesNotContain(receiver.Received, e => (string?)e.Body["content_id"] == ids["other"]);
        Assert.Single(receiver.Actions(), a => a == ("removed", ids["reshare2"]));

        // And the cascade's 17 actions came as one case.actions webhook, none as its own (the report's restriction of the
        // root, before, is its own webhook); any node may run the cascade, and the shared fixture's run with the defaults
        var pages = receiver.Received.Where(e => e.Type == "case.actions" && (long)e.Body["case_id"]! == caseId).ToList();
        var perItemEvents = receiver.Received.Count(e => WebhookReceiver.PerItemActions.ContainsKey(e.Type) && (long?)e.Body["case_id"] == caseId);
        // (Two pages: the report's restriction of the reshares and copies with the root, then the confirmation's cascade;
        // each item is demonetized, and the far copy held, once, at the report.)
        Assert.Equal((2, 1), (pages.Count, perItemEvents));
        var told = pages.SelectMany(p => WebhookReceiver.ActionsIn(p.Type, p.Body)).ToList();
        Assert.All(new[] { "root", "reshare", "reshare2", "near", "nearshare" }, key => Assert.Single(told, a => a == ("demonetized", ids[key])));
        Assert.Single(told, a => a == ("held", ids["far"]));
        Assert.Equal(5, told.Count(a => a.Action == "removed"));
    }

    private static async Task<string> StatusAsync(HttpClient client, string contentId) =>
        (string)(await (await client.GetAsync($"/v1/contents/{contentId}")).JsonAsync(HttpStatusCode.OK))["status"]!;

    private static string RandomHex(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    /// <summary>The PDQ hash with its first <paramref name="bits"/> bits flipped (so exactly that distance away).</summary>
    private static string FlipBits(string hex, int bits)
    {
        var bytes = Convert.FromHexString(hex);
        for (var i = 0; i < bits; i++)
        {
            bytes[i / 8] ^= (byte)(1 << (i % 8));
        }

        return Convert.ToHexStringLower(bytes);
    }
}
