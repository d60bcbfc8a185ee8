using System.Net;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    /// <summary>
    /// How much sooner than its backoff a webhook retry may be stamped by the receiver: the outbox keeps due times to the
    /// millisecond and the receiver stamps an attempt once it has read it, so a retry can look a few milliseconds early.
    /// </summary>
    private static readonly TimeSpan BackoffStampTolerance = TimeSpan.FromMilliseconds(100);

    private HttpClient Reviewer => Fixture.Server.Client(Fixture.Reviewer);

    private HttpClient Flagger => Fixture.Server.Client(Fixture.Flagger);

    private async Task<System.Text.Json.Nodes.JsonNode> ReportAsync(HttpClient client, string path, object body) =>
        (await (await client.PostJsonAsync(path, body)).JsonAsync(HttpStatusCode.Created))[0]!;

    [Fact]
    public async Task Reports_join_the_open_case_and_raise_it_and_a_trusted_flag_is_outranked_only_by_the_person_shown()
    {
        var id = NewName("post");
        await UploadAsync(Images.Unrelated(201), id);

        var first = await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "other_policy", reporter_id = "acct-1" });
        var second = await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "other_policy" });
        var flagged = await ReportAsync(Flagger, "/v1/flags", new { content_ids = new[] { id }, category = "child_sexual_exploitation" });
        var caseId = (long)first["case_id"]!;

        Assert.Equal(("open_case", false, "normal", "visible"), ((string)first["action"]!, (bool)first["restricted"]!, (string)first["level"]!, (string)first["status"]!));
        Assert.Equal(("join_case", caseId), ((string)second["action"]!, (long)second["case_id"]!));
        Assert.Equal(("join_case", true, "trusted_flag", "restricted"), ((string)flagged["action"]!, (bool)flagged["restricted"]!, (string)flagged["level"]!, (string)flagged["status"]!));
        var shown = await (await Reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((3, "trusted_flag", true), ((int)shown["reports"]!, (string)shown["level"]!, (bool)shown["child_safety"]!));
        var queue = (await (await Reviewer.GetAsync("/v1/cases?limit=1000")).JsonAsync(HttpStatusCode.OK)).AsArray();
        var position = queue.Select((c, i) => (c, i)).Single(x => (long)x.c!["id"]! == caseId).i;
        Assert.All(queue.Take(position), c => Assert.Contains((string)c!["level"]!, new[] { "critical", "trusted_flag" }));

        // The person shown reports it too: that outranks the flag.
        var victim = await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "non_consensual_intimate_imagery", reporter_is_subject = true });
        Assert.Equal(("join_case", "critical"), ((string)victim["action"]!, (string)victim["level"]!));
    }

    [Fact]
    public async Task A_report_on_a_copy_joins_the_case_open_on_the_original()
    {
        var original = NewName("post");
        var copy = NewName("copy");
        var bytes = Images.Unrelated(202);
        await UploadAsync(bytes, original);
        await UploadAsync(bytes, copy);

        var first = await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { original }, category = "sextortion" });
        var second = await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { copy }, category = "sextortion" });

        // The first report restricted the copy already (restrict-first reaches copies), so the second joins and finds it restricted.
        Assert.Equal(((long)first["case_id"]!, "join_case", false, "restricted"), ((long)second["case_id"]!, (string)second["action"]!, (bool)second["restricted"]!, (string)second["status"]!));
    }

    [Fact]
    public async Task An_ordinary_case_is_dismissed_by_one_reviewer_and_a_removed_item_is_only_acknowledged()
    {
        var id = NewName("post");
        await UploadAsync(Images.Unrelated(203), id);
        var report = await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "other_policy" });
        var caseId = (long)report["case_id"]!;

        var noClass = await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", reason = "x" });
        var confirmed = await (await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "spam" })).JsonAsync(HttpStatusCode.OK);
        var late = await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation" });
        var closed = await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "dismiss", reason = "x" });

        Assert.Contains("classification", (string)(await noClass.JsonAsync(HttpStatusCode.BadRequest))["detail"]!);
        Assert.Equal(("confirmed", "removed"), ((string)confirmed["state"]!, (string)confirmed["content_status"]!));
        Assert.Equal(("acknowledge", false), ((string)late["action"]!, (bool)late["restricted"]!));
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);

        var other = NewName("post");
        await UploadAsync(Images.Unrelated(204), other);
        var otherCase = (long)(await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { other }, category = "non_consensual_intimate_imagery" }))["case_id"]!;
        var dismissed = await (await Reviewer.PostJsonAsync($"/v1/cases/{otherCase}/decisions", new { kind = "dismiss", reason = "not intimate" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("dismissed", "visible"), ((string)dismissed["state"]!, (string)dismissed["content_status"]!));
    }

    [Fact]
    public async Task A_claimed_case_is_decided_by_its_claimant_and_a_decision_frees_it_for_the_second_review()
    {
        // Given a child-safety case claimed by one reviewer
        var id = NewName("post");
        await UploadAsync(Images.Unrelated(209), id);
        var caseId = (long)(await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation" }))["case_id"]!;
        using var senior = Fixture.Server.Client(Fixture.SeniorReviewer);
        await (await Reviewer.PostAsync($"/v1/cases/{caseId}/claim", null)).JsonAsync(HttpStatusCode.OK);

        // When another reviewer tries to claim or decide it, then the claimant dismisses it
        var otherClaim = await senior.PostAsync($"/v1/cases/{caseId}/claim", null);
        var otherDecision = await senior.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "dismiss", reason = "mine now" });
        var first = await (await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "dismiss", reason = "not abuse" })).JsonAsync(HttpStatusCode.OK);

        // Then the others were refused, and the second review is free for a senior to claim and decide
        Assert.Contains("claimed by reviewer-ana", (string)(await otherClaim.JsonAsync(HttpStatusCode.Conflict))["detail"]!);
        Assert.Contains("claimed by reviewer-ana", (string)(await otherDecision.JsonAsync(HttpStatusCode.Conflict))["detail"]!);
        Assert.Equal("awaiting_second_review", (string)first["state"]!);
        await (await senior.PostAsync($"/v1/cases/{caseId}/claim", null)).JsonAsync(HttpStatusCode.OK);
        var second = await (await senior.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "dismiss", reason = "agreed: not abuse" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("dismissed", "visible"), ((string)second["state"]!, (string)second["content_status"]!));
    }

    [Fact]
    public async Task A_reviewer_escalates_a_case_it_stays_open_and_restricted_and_the_platform_hears_of_it()
    {
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret));
        using var platform = server.Client(Fixture.Platform);
        using var reviewer = server.Client(Fixture.Reviewer);
        var id = NewName("post");
        await (await platform.PostBytesAsync($"/v1/media?content_id={id}", Images.Unrelated(210))).JsonAsync(HttpStatusCode.OK);
        var caseId = (long)(await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { id }, category = "sextortion" }))["case_id"]!;

        var escalated = await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "escalate", reason = "needs a specialist" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("open", "restricted"), ((string)escalated["state"]!, (string)escalated["content_status"]!));
        Assert.NotNull((string?)escalated["escalated_at"]);
        await receiver.WaitForAsync("case.escalated", "content_id", id);
    }

    [Fact]
    public async Task A_case_left_past_its_sla_is_escalated_by_the_server_and_the_platform_is_told()
    {
        // Given a server whose child-safety SLA is a second and a half
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o =>
        {
            (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret);
            o.Cases.ChildSafetySlaMinutes = 0.025;
        });
        using var platform = server.Client(Fixture.Platform);
        using var reviewer = server.Client(Fixture.Reviewer);
        var id = NewName("post");
        await (await platform.PostBytesAsync($"/v1/media?content_id={id}", Images.Unrelated(211))).JsonAsync(HttpStatusCode.OK);

        // When a child-safety report waits with nobody deciding
        var caseId = (long)(await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation" }))["case_id"]!;
        var escalated = await receiver.WaitForAsync("case.escalated", "content_id", id);

        // Then the server escalates it once, and the case says when
        var shown = await (await reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(caseId, (long)escalated.Body["case_id"]!);
        Assert.NotNull((string?)shown["escalated_at"]);
        Assert.Equal("open", (string)shown["state"]!);
    }

    [Fact]
    public async Task Reports_decisions_and_every_view_of_a_case_are_written_to_the_audit_log()
    {
        // Given an item reported and a case decided
        var id = NewName("post");
        await UploadAsync(Images.Unrelated(207), id);
        var caseId = (long)(await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation", text = "please" }))["case_id"]!;
        await (await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", classification = "b1", reason = "confirmed" })).JsonAsync(HttpStatusCode.OK);

        // When two reviewers open the case
        await (await Reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        using var senior = Fixture.Server.Client(Fixture.SeniorReviewer);
        await (await senior.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);

        // Then the log holds the report, the restriction, the decision and both views, by whom, and is intact
        await using var store = await BankStore.OpenAsync(Fixture.Database.Options);
        var log = new AuditLog(store);
        var entries = new List<AuditEntry>();
        await foreach (var entry in log.ReadAsync())
        {
            if (entry.Subject == $"content:{id}" || entry.Subject == $"case:{caseId}")
            {
                entries.Add(entry);
            }
        }

        Assert.Equal("platform", Assert.Single(entries, e => e.Action == "report.received").Actor);
        Assert.Single(entries, e => e.Action == "content.restricted");
        Assert.Equal("reviewer-ana", Assert.Single(entries, e => e.Action == "case.decided").Actor);
        var views = entries.Where(e => e.Action == "evidence.viewed").ToList();
        Assert.Equal(["reviewer-ana", "senior-ben"], views.Select(v => v.Actor));
        Assert.All(views, v => Assert.Contains(id, v.Data));
        Assert.True((await log.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Views_counted_after_a_report_on_content_left_up_show_in_the_stats()
    {
        // Given an item with 100 views, reported for something that does not restrict it
        var id = NewName("post");
        await UploadAsync(Images.Unrelated(208), id);
        (await Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 100, shares = 1 })).EnsureSuccessStatusCode();
        var before = await (await Reviewer.GetAsync("/v1/stats")).JsonAsync(HttpStatusCode.OK);
        await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "other_policy" });

        // When the platform counts 150 more views while it waits for review
        (await Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 250, shares = 3 })).EnsureSuccessStatusCode();
        var after = await (await Reviewer.GetAsync("/v1/stats")).JsonAsync(HttpStatusCode.OK);

        // Then the stats count them as views after the first report (and none after a restriction there was not)
        Assert.Equal(150L, (long)after["views_after_first_report"]! - (long)before["views_after_first_report"]!);
        Assert.Equal((long)before["views_after_restriction"]!, (long)after["views_after_restriction"]!);
    }

    [Fact]
    public async Task Bad_reports_and_decisions_get_clear_errors_and_the_audit_log_stays_intact()
    {
        var none = await Platform.PostJsonAsync("/v1/reports", new { content_ids = Array.Empty<string>(), category = "sextortion" });
        var badCategory = await Platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { "x" }, category = "bad" });
        var missing = await Reviewer.PostJsonAsync("/v1/cases/999999999/decisions", new { kind = "dismiss", reason = "x" });
        var exposure = await Platform.PostJsonAsync($"/v1/contents/{NewName("nobody")}/exposure", new { views = 1, shares = 0 });

        Assert.Contains("at least one content id", (string)(await none.JsonAsync(HttpStatusCode.BadRequest))["detail"]!);
        Assert.Equal(HttpStatusCode.BadRequest, badCategory.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, exposure.StatusCode);
        var longest = await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { NewName("x") + new string('y', 256 - 14) }, category = "sextortion" });
        Assert.True((bool)longest["restricted"]!);
        await using var store = await BankStore.OpenAsync(Fixture.Database.Options);
        Assert.True((await new AuditLog(store).VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_webhook_the_platform_refuses_is_retried_with_backoff_and_the_same_event_id()
    {
        // Given a platform that refuses the first two deliveries of this item's events
        var id = NewName("post");
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"))
        {
            FailFirst = 2,
            FailOnly = body => (string?)body["type"] == "content.restricted" && (string?)body["content_id"] == id,
        };
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret));
        using var platform = server.Client(Fixture.Platform);
        await (await platform.PostBytesAsync($"/v1/media?content_id={id}", Images.Unrelated(205))).JsonAsync(HttpStatusCode.OK);

        // When a report restricts it
        await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation" });
        var delivered = await receiver.WaitForAsync("content.restricted", "content_id", id);

        // Then it is sent three times with one event id, waiting longer each time, and accepted once
        var attempts = receiver.Attempts.Where(a => a.EventId == delivered.EventId).ToList();
        Assert.Equal(delivered.EventId, (string)delivered.Body["event_id"]!);
        Assert.Equal([500, 500, 200], attempts.Select(a => a.Status));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1) - BackoffStampTolerance, $"first retry after {attempts[1].At - attempts[0].At}, before its 1 s backoff");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromSeconds(2) - BackoffStampTolerance, $"second retry after {attempts[2].At - attempts[1].At}, before its 2 s backoff");
        Assert.Single(receiver.Received, e => e.EventId == delivered.EventId);
    }

    [Fact]
    public async Task Two_nodes_delivering_one_outbox_send_each_event_once()
    {
        // Given two nodes on one database, both delivering webhooks to the platform
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        void Hooks(Hosting.ServerOptions o) => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret);
        await using var first = await RunningServer.StartAsync(Fixture.Database.Options, Hooks);
        await using var second = await RunningServer.StartAsync(Fixture.Database.Options, Hooks);
        using var platform = first.Client(Fixture.Platform);
        var ids = Enumerable.Range(0, 20).Select(_ => NewName("post")).ToList();

        // When twenty items are reported (each a content.restricted event)
        for (var i = 0; i < ids.Count; i++)
        {
            await (await platform.PostBytesAsync($"/v1/media?content_id={ids[i]}", Images.Unrelated(600 + i))).JsonAsync(HttpStatusCode.OK);
            await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { ids[i] }, category = "child_sexual_exploitation" });
        }

        foreach (var id in ids)
        {
            await receiver.WaitForAsync("content.restricted", "content_id", id);
        }

        // Then, once both nodes have stopped (so no second copy can still be coming), each event arrived once
        await first.DisposeAsync();
        await second.DisposeAsync();
        var ours = receiver.Received.Where(e => ids.Contains((string?)e.Body["content_id"] ?? "")).ToList();
        Assert.Equal(ours.Count, ours.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(ids.Count, ours.Count(e => e.Type == "content.restricted"));
    }

    [Fact]
    public async Task An_appeal_goes_to_another_reviewer_and_overturning_restores_the_item_and_unbans_its_hashes()
    {
        var id = NewName("post");
        var bytes = Images.Unrelated(206);
        await UploadAsync(bytes, id);
        var caseId = (long)(await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "other_policy" }))["case_id"]!;
        await (await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "spam" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string)(await UploadAsync(bytes, NewName("again")))["verdict"]!);

        var early = await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/appeal/decision", new { overturn = true, reason = "x" });
        var stranger = await Platform.PostJsonAsync($"/v1/cases/{caseId}/appeal", new { account_id = "acct-someone-else", text = "me too" });
        var appealed = await (await Platform.PostJsonAsync($"/v1/cases/{caseId}/appeal", new { account_id = $"acct-{id}", text = "it was a joke" })).JsonAsync(HttpStatusCode.OK);
        var twice = await Platform.PostJsonAsync($"/v1/cases/{caseId}/appeal", new { account_id = $"acct-{id}", text = "again" });
        var sameReviewer = await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/appeal/decision", new { overturn = true, reason = "fine" });
        using var other = Fixture.Server.Client(Fixture.SeniorReviewer);
        var overturned = await (await other.PostJsonAsync($"/v1/cases/{caseId}/appeal/decision", new { overturn = true, reason = "satire, not spam" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("Only the account that uploaded", (string)(await stranger.JsonAsync(HttpStatusCode.Conflict))["detail"]!);
        Assert.NotNull((string?)appealed["appealed_at"]);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("did not decide", (string)(await sameReviewer.JsonAsync(HttpStatusCode.Conflict))["detail"]!);
        Assert.Equal(("overturned", "visible"), ((string)overturned["appeal_outcome"]!, (string)overturned["content_status"]!));
        Assert.Equal("allow", (string)(await UploadAsync(bytes, NewName("after")))["verdict"]!);
    }

    [Fact]
    public async Task A_cascade_left_pending_by_a_node_that_died_after_the_decision_is_finished_once()
    {
        var id = NewName("post");
        await UploadAsync(Images.Unrelated(212), id);
        await UploadAsync(Images.Unrelated(212), NewName("share"), parent: id);
        var caseId = (long)(await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "other_policy" }))["case_id"]!;

        // What a node leaves when it dies right after committing a confirmation: the decision, and the mark.
        await using (var store = await BankStore.OpenAsync(Fixture.Database.Options))
        await using (var db = store.CreateContext())
        {
            var decision = new Aegis.Storage.Model.DecisionRow { CaseId = caseId, Reviewer = "reviewer-ana", Role = Core.Cases.ReviewerRole.Reviewer, Kind = Core.Cases.DecisionKind.ConfirmViolation, Reason = "spam", At = DateTimeOffset.UtcNow };
            db.Decisions.Add(decision);
            await db.SaveChangesAsync();
            var row = db.Cases.Single(c => c.Id == caseId);
            (row.State, row.OpenKey, row.EscalateAt, row.ClosedAt, row.CascadePending) = (Core.Cases.CaseState.Confirmed, null, null, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), true);
            await db.SaveChangesAsync();
        }

        var status = "";
        await Waits.UntilAsync(
            async () => (status = (string)(await (await Reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK))["content_status"]!) == "removed",
            $"the pending cascade of case {caseId} to remove its content",
            seen: () => $"the content is {status}");
        await using var check = await BankStore.OpenAsync(Fixture.Database.Options);
        await using var ctx = check.CreateContext();
        Assert.False(ctx.Cases.Single(c => c.Id == caseId).CascadePending);
        var removals = ctx.Outbox.Where(o => o.Type == "case.actions" && o.Payload.Contains(id)).Select(o => o.Payload).AsEnumerable()
            .SelectMany(p => System.Text.Json.Nodes.JsonNode.Parse(p)!["items"]!.AsArray())
            .Where(i => (string)i!["action"]! == "removed").Select(i => (string)i!["content_id"]!).ToList();
        Assert.Equal(2, removals.Count); // the item and its reshare, once each
        Assert.Single(removals, r => r == id);
    }
}
