using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests;

/// <summary>Restrict-first reaching every copy, its undoing by a two-person dismissal, exposure after restriction, and the gate's cases.</summary>
public abstract partial class ServerTests
{
    [Fact]
    public async Task A_restricting_report_restricts_reshares_and_copies_at_once_and_a_two_person_dismissal_gives_them_back()
    {
        // Given an item, a reshare and a reshare of it (other bytes), a near copy and a far copy, all recorded by lookups
        using var platform = Platform;
        using var reviewer = Fixture.Server.Client(Fixture.Reviewer);
        using var senior = Fixture.Server.Client(Fixture.SeniorReviewer);
        var random = new Random(1313);
        var pdq = RandomHex(random, 32);
        var ids = new[] { "root", "share", "share2", "near", "far" }.ToDictionary(k => k, NewName);
        await LookupAsync(platform, ids["root"], new { pdq });
        await LookupAsync(platform, ids["share"], new { md5 = RandomHex(random, 16) }, ids["root"]);
        await LookupAsync(platform, ids["share2"], new { md5 = RandomHex(random, 16) }, ids["share"]);
        await LookupAsync(platform, ids["near"], new { pdq = FlipBits(pdq, 6) });
        await LookupAsync(platform, ids["far"], new { pdq = FlipBits(pdq, 24) });

        // When the person shown reports the item
        var report = await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { ids["root"] }, category = "sextortion", reporter_is_subject = true, subject_was_minor = true });
        var caseId = (long)report["case_id"]!;

        // Then, when the answer is read, the reshares and the near copy are restricted and demonetized with it, the far
        // copy is held with a review case of its own, and all are shown on the case
        foreach (var key in new[] { "root", "share", "share2", "near" })
        {
            Assert.Equal(("restricted", true), await StateAsync(platform, ids[key]));
        }

        Assert.Equal(("restricted", false), await StateAsync(platform, ids["far"]));
        var shown = await (await reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, (int)shown["linked_items_total"]!);
        var kinds = shown["linked_items"]!.AsArray().ToDictionary(i => (string)i!["content_id"]!, i => ((string)i!["kind"]!, (int?)i["distance"]));
        Assert.Equal(("reshare", null), kinds[ids["share2"]]);
        Assert.Equal(("copy", 6), kinds[ids["near"]]);
        Assert.Equal(("held_copy", 24), kinds[ids["far"]]);
        var farCase = await (await reviewer.GetAsync("/v1/cases?limit=1000")).JsonAsync(HttpStatusCode.OK);
        var held = farCase.AsArray().Single(c => (string)c!["content_id"]! == ids["far"])!;
        Assert.Equal(("cascade_hold", caseId), ((string)held["origin"]!, (long)held["related_case_id"]!));

        // When two reviewers dismiss, the second a senior
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "dismiss", reason = "not them" })).JsonAsync(HttpStatusCode.OK);
        var dismissed = await (await senior.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "dismiss", reason = "agreed" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("dismissed", (string)dismissed["state"]!);
        Assert.Null(dismissed["awaiting"]);

        // Then everything it restricted is shown and monetized again, but the far copy stays held by its own open case
        foreach (var key in new[] { "root", "share", "share2", "near" })
        {
            Assert.Equal(("visible", false), await StateAsync(platform, ids[key]));
        }

        Assert.Equal(("restricted", false), await StateAsync(platform, ids["far"]));
        Assert.Equal(4, await AuditCountAsync("content.restored", ids.Values.Select(id => $"content:{id}").ToArray()));
    }

    [Fact]
    public async Task An_adult_reporting_their_own_intimate_image_has_its_reshares_restricted_too_and_one_reviewer_gives_them_back()
    {
        using var platform = Platform;
        using var reviewer = Fixture.Server.Client(Fixture.Reviewer);
        var random = new Random(1414);
        var (root, share) = (NewName("ncii"), NewName("ncii-share"));
        await LookupAsync(platform, root, new { pdq = RandomHex(random, 32) });
        await LookupAsync(platform, share, new { md5 = RandomHex(random, 16) }, root);

        var caseId = (long)(await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { root }, category = "non_consensual_intimate_imagery", reporter_is_subject = true }))["case_id"]!;

        Assert.Equal(("restricted", true), await StateAsync(platform, share));
        var dismissed = await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "dismiss", reason = "not intimate" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("dismissed", (string)dismissed["state"]!); // not a child-safety case: one reviewer
        Assert.Equal(("visible", false), await StateAsync(platform, share));
    }

    [Fact]
    public async Task Views_reported_for_a_restricted_item_raise_the_alarm_once_an_hour_and_show_on_its_case()
    {
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret));
        using var platform = server.Client(Fixture.Platform);
        using var reviewer = server.Client(Fixture.Reviewer);
        var id = NewName("seen");
        await LookupAsync(platform, id, new { pdq = RandomHex(new Random(77), 32) });
        Assert.Equal(HttpStatusCode.NoContent, (await platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 10, shares = 1 })).StatusCode);
        var caseId = (long)(await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation" }))["case_id"]!;

        // The same counts again: nothing was seen after the restriction
        Assert.Equal(HttpStatusCode.NoContent, (await platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 10, shares = 1 })).StatusCode);
        Assert.Equal(0, await OutboxCountAsync("content.exposure_after_restriction", id));

        // Rising counts: the platform's enforcement failed
        Assert.Equal(HttpStatusCode.NoContent, (await platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 900, shares = 3 })).StatusCode);
        var alarm = (await receiver.WaitForAsync("content.exposure_after_restriction", "content_id", id)).Body;
        Assert.Equal((900L, 10L, "restricted"), ((long)alarm["views"]!, (long)alarm["views_before"]!, (string)alarm["status"]!));
        Assert.Equal([caseId], alarm["case_ids"]!.AsArray().Select(c => (long)c!));
        Assert.Equal(HttpStatusCode.NoContent, (await platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 1_900, shares = 3 })).StatusCode);
        Assert.Equal(1, await OutboxCountAsync("content.exposure_after_restriction", id)); // once an hour at most
        Assert.Equal(1_900L, (long)(await (await platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK))["views"]!);
        var shown = await (await reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        var alert = Assert.Single(shown["exposure_alerts"]!.AsArray())!;
        Assert.Equal((id, 900L, 10L), ((string)alert["content_id"]!, (long)alert["views"]!, (long)alert["views_before"]!));
    }

    [Fact]
    public async Task The_gate_opens_a_case_confirmed_by_the_match_for_a_block_and_a_review_case_for_a_hold_each_audited_and_told()
    {
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret));
        using var platform = server.Client(Fixture.Platform);
        using var reviewer = server.Client(Fixture.Reviewer);
        using var curator = server.Client(Fixture.Curator);
        var random = new Random(2024);
        var (blockMd5, holdPdq) = (RandomHex(random, 16), RandomHex(random, 32));
        var blocking = NewName("known");
        var holding = NewName("review");
        await (await curator.PostJsonAsync("/v1/banks", new { name = blocking, action = "block" })).JsonAsync(HttpStatusCode.Created);
        await (await curator.PostJsonAsync("/v1/banks", new { name = holding, action = "hold" })).JsonAsync(HttpStatusCode.Created);
        var entry = (long)(await (await curator.PostJsonAsync($"/v1/banks/{blocking}/entries", new { signal_type = "md5", value = blockMd5, list = "standin-list-7" })).JsonAsync(HttpStatusCode.Created))["id"]!;
        await (await curator.PostJsonAsync($"/v1/banks/{holding}/entries", new { signal_type = "pdq", value = holdPdq })).JsonAsync(HttpStatusCode.Created);

        // A block: a case confirmed by the match, the item never published
        var blocked = NewName("blocked");
        var answer = await (await platform.PostJsonAsync("/v1/lookup", new { content_id = blocked, uploader_id = "someone", md5 = blockMd5 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string)answer["verdict"]!);
        var blockCase = await (await reviewer.GetAsync($"/v1/cases/{(long)answer["case_id"]!}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("confirmed_by_match", "gate_block", "removed", true), ((string)blockCase["state"]!, (string)blockCase["origin"]!, (string)blockCase["content_status"]!, (bool)blockCase["child_safety"]!));
        Assert.Equal((blocking, entry, "md5", "standin-list-7"), ((string)blockCase["match"]!["bank"]!, (long)blockCase["match"]!["entry_id"]!, (string)blockCase["match"]!["signal_type"]!, (string)blockCase["match"]!["source"]!));
        var told = (await receiver.WaitForAsync("case.opened", "content_id", blocked)).Body;
        Assert.Equal(("gate_block", "confirmed_by_match", blocking), ((string)told["origin"]!, (string)told["state"]!, (string)told["match"]!["bank"]!));
        Assert.Equal(1, await AuditCountAsync("case.opened", $"case:{(long)answer["case_id"]!}"));
        var decide = await reviewer.PostJsonAsync($"/v1/cases/{(long)answer["case_id"]!}/decisions", new { kind = "dismiss", reason = "no" });
        Assert.Equal(HttpStatusCode.Conflict, decide.StatusCode);

        // The same upload again (a retry) opens no second case
        var again = await (await platform.PostJsonAsync("/v1/lookup", new { content_id = blocked, uploader_id = "someone", md5 = blockMd5 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((long)answer["case_id"]!, (long)again["case_id"]!);

        // A hold: an open review case, the item restricted
        var heldId = NewName("held");
        var hold = await (await platform.PostJsonAsync("/v1/lookup", new { content_id = heldId, uploader_id = "someone", pdq = FlipBits(holdPdq, 3) })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("hold", (string)hold["verdict"]!);
        var holdCase = await (await reviewer.GetAsync($"/v1/cases/{(long)hold["case_id"]!}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("open", "gate_hold", "restricted", 3), ((string)holdCase["state"]!, (string)holdCase["origin"]!, (string)holdCase["content_status"]!, (int)holdCase["match"]!["distance"]!));
        await receiver.WaitForAsync("case.opened", "content_id", heldId);

        // An allowed upload opens nothing
        var allowed = await (await platform.PostJsonAsync("/v1/lookup", new { content_id = NewName("fine"), uploader_id = "someone", md5 = RandomHex(random, 16) })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("allow", (string)allowed["verdict"]!);
        Assert.Null(allowed["case_id"]);
    }

    [Fact]
    public async Task An_account_suspended_for_child_sexual_exploitation_is_told_once_and_its_next_upload_is_held_and_joined_to_its_case()
    {
        using var platform = Platform;
        using var reviewer = Fixture.Server.Client(Fixture.Reviewer);
        var random = new Random(4242);
        var account = NewName("acct");
        var (first, second) = (NewName("first"), NewName("second"));
        await LookupAsync(platform, first, new { pdq = RandomHex(random, 32) }, uploader: account);
        await LookupAsync(platform, second, new { pdq = RandomHex(random, 32) }, uploader: account);
        var report = await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { first, second }, category = "child_sexual_exploitation" })).JsonAsync(HttpStatusCode.Created);
        var cases = report.AsArray().Select(r => (long)r!["case_id"]!).ToArray();
        foreach (var caseId in cases)
        {
            await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", classification = "a2", reason = "seen" })).JsonAsync(HttpStatusCode.OK);
        }

        // Two confirmed cases of one uploader: the account is suspended, and the platform told, once
        Assert.Equal(1, await ActionsToldAsync("suspended", account));

        // Its next upload, unrelated to anything banked, is held, with a case joined to the one that suspended it
        var next = NewName("next");
        var answer = await LookupAsync(platform, next, new { pdq = RandomHex(random, 32) }, uploader: account);
        Assert.Equal("hold", (string)answer["verdict"]!);
        Assert.Contains($"case {cases[0]}", (string)answer["reason"]!);
        var heldCase = await (await reviewer.GetAsync($"/v1/cases/{(long)answer["case_id"]!}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("open", "suspended_uploader", cases[0]), ((string)heldCase["state"]!, (string)heldCase["origin"]!, (long)heldCase["related_case_id"]!));
        var items = await (await reviewer.GetAsync($"/v1/cases/{cases[0]}/items")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(items["items"]!.AsArray(), i => (string)i!["content_id"]! == next && (string)i["kind"]! == "suspended_upload");

        // Another account's upload is not held
        Assert.Equal("allow", (string)(await LookupAsync(platform, NewName("other"), new { pdq = RandomHex(random, 32) }, uploader: NewName("acct")))["verdict"]!);
    }

    private static async Task<JsonNode> LookupAsync(HttpClient platform, string id, object hashes, string? parent = null, string? uploader = null)
    {
        var body = new JsonObject { ["content_id"] = id, ["uploader_id"] = uploader ?? $"acct-{id}", ["parent_content_id"] = parent };
        foreach (var (name, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(hashes))!.AsObject())
        {
            body[name] = value!.DeepClone();
        }

        return await (await platform.PostJsonAsync("/v1/lookup", body)).JsonAsync(HttpStatusCode.OK);
    }

    private static async Task<(string Status, bool Demonetized)> StateAsync(HttpClient platform, string id)
    {
        var item = await (await platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK);
        return ((string)item["status"]!, (bool)item["demonetized"]!);
    }

    private async Task<int> OutboxCountAsync(string type, string? contentId, string? contains = null)
    {
        await using var store = await BankStore.OpenAsync(Fixture.Database.Options);
        await using var db = store.CreateContext();
        var needle = contains ?? $"\"content_id\":\"{contentId}\"";
        return await db.Outbox.CountAsync(o => o.Type == type && o.Payload.Contains(needle));
    }

    /// <summary>How many times the outbox tells <paramref name="action"/> on <paramref name="id"/> (per item or in pages).</summary>
    private async Task<int> ActionsToldAsync(string action, string id)
    {
        await using var store = await BankStore.OpenAsync(Fixture.Database.Options);
        await using var db = store.CreateContext();
        var rows = await db.Outbox.Select(o => new { o.Type, o.Payload }).ToListAsync();
        return rows.SelectMany(r => WebhookReceiver.ActionsIn(r.Type, JsonNode.Parse(r.Payload)!)).Count(a => a == (action, id));
    }

    private async Task<int> AuditCountAsync(string action, params string[] subjects)
    {
        await using var store = await BankStore.OpenAsync(Fixture.Database.Options);
        await using var db = store.CreateContext();
        return await db.AuditLog.CountAsync(a => a.Action == action && subjects.Contains(a.Subject));
    }
}
