using System.Net;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    [Fact]
    public async Task A_cases_dossier_shows_what_bears_on_its_decision_to_reviewers_and_each_view_is_audited()
    {
        // Given an item reshared two deep and copied by another account, seen 40 times, reported by the person shown (who
        // says they were a minor), flagged by a hotline, seen again while restricted, and dismissed once
        var id = NewName("post");
        var bytes = Images.Unrelated(1510);
        await UploadAsync(bytes, id);
        var reshare = NewName("reshare");
        var deeper = NewName("reshare");
        var copy = NewName("copy");
        await UploadAsync(Images.Unrelated(1511), reshare, parent: id);
        await UploadAsync(Images.Unrelated(1512), deeper, parent: reshare);
        await UploadAsync(bytes, copy);
        (await Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 40, shares = 2 })).EnsureSuccessStatusCode();
        var caseId = (long)(await ReportAsync(Platform, "/v1/reports", new
        {
            content_ids = new[] { id }, category = "non_consensual_intimate_imagery", reporter_is_subject = true, subject_was_minor = true, reporter_id = "acct-v", text = "this is me",
        }))["case_id"]!;
        await ReportAsync(Flagger, "/v1/flags", new { content_ids = new[] { id }, category = "child_sexual_exploitation" });
        (await Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 55, shares = 3 })).EnsureSuccessStatusCode();
        await (await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "dismiss", reason = "looks adult" })).JsonAsync(HttpStatusCode.OK);

        // When a reviewer opens its dossier
        var dossier = await (await Reviewer.GetAsync($"/v1/cases/{caseId}/dossier")).JsonAsync(HttpStatusCode.OK);

        // Then it says where the case stands, in the API's snake_case
        Assert.Equal("Dismissed by reviewer-ana; awaiting a senior reviewer.", (string)dossier["standing"]!);
        Assert.Equal((caseId, "awaiting_second_review", "restricted"), ((long)dossier["case"]!["id"]!, (string)dossier["case"]!["state"]!, (string)dossier["item"]!["status"]!));

        // every report, with who made it and what they claimed
        var reports = dossier["reports"]!;
        Assert.Equal(2, (int)reports["total"]!);
        var (victim, flag) = (reports["items"]![0]!, reports["items"]![1]!);
        Assert.Equal(("victim", true, true, "acct-v", "this is me"),
            ((string)victim["reporter"]!, (bool)victim["reporter_is_subject"]!, (bool)victim["subject_was_minor"]!, (string)victim["reporter_id"]!, (string)victim["text"]!));
        Assert.Equal(("trusted_flagger", "child_sexual_exploitation"), ((string)flag["reporter"]!, (string)flag["category"]!));

        // the reshare tree with its depths, the copy, both restricted with the case
        Assert.Empty(dossier["matches"]!.AsArray());
        Assert.Equal(2, (int)dossier["reshares"]!["total"]!);
        Assert.Equal(
            [(reshare, id, 1, "restricted"), (deeper, reshare, 2, "restricted")],
            dossier["reshares"]!["items"]!.AsArray().Select(n => ((string)n!["content_id"]!, (string)n["parent_content_id"]!, (int)n["depth"]!, (string)n["status"]!)));
        var copied = Assert.Single(dossier["copies"]!["items"]!.AsArray())!;
        Assert.Equal((copy, "copy", 0, "restricted"), ((string)copied["content_id"]!, (string)copied["kind"]!, (int)copied["distance"]!, (string)copied["status"]!));

        // exposure at the report and now, and the alert after restriction
        var exposure = dossier["exposure"]!;
        Assert.Equal((40L, 55L, 1), ((long)exposure["at_first_report"]!["views"]!, (long)exposure["now"]!["views"]!, (int)exposure["alerts"]!["total"]!));

        // the uploader with no other items and no suspension; no CyberTipline report yet; the evidence file's metadata only
        Assert.Equal(($"acct-{id}", 0, null), ((string)dossier["uploader"]!["account_id"]!, (int)dossier["uploader"]!["other_items"]!["total"]!, dossier["uploader"]!["suspension"]));
        Assert.Null(dossier["cybertip"]);
        var file = Assert.Single(dossier["evidence"]!.AsArray())!;
        Assert.Equal((id, false), ((string)file["content_id"]!, (bool)file["held"]!));
        Assert.Empty(file.AsObject().Select(p => p.Key).Intersect(["bytes", "metadata", "wrapped_key", "key_id", "content_nonce"]));

        // and the timeline, oldest first, each entry summarized
        var timeline = dossier["timeline"]!["items"]!.AsArray();
        foreach (var action in new[] { "report.received", "content.restricted", "case.decided" })
        {
            Assert.Contains(timeline, t => (string)t!["action"]! == action);
        }

        Assert.All(timeline, t => Assert.False(string.IsNullOrWhiteSpace((string?)t!["summary"])));
        Assert.Contains(timeline, t => (string)t!["action"]! == "case.decided" && ((string)t["summary"]!).StartsWith("dismiss (reviewer); looks adult", StringComparison.Ordinal));

        // And the view was audited once, by the reviewer
        await using var store = await BankStore.OpenAsync(Fixture.Database.Options);
        var views = 0;
        await foreach (var entry in new AuditLog(store).ReadAsync())
        {
            views += entry is { Action: "evidence.viewed", Actor: "reviewer-ana" } && entry.Subject == $"case:{caseId}" ? 1 : 0;
        }

        Assert.Equal(1, views);
    }

    [Fact]
    public async Task A_dossier_is_for_reviewers_and_a_missing_case_is_a_clear_404()
    {
        var id = NewName("post");
        await UploadAsync(Images.Unrelated(1513), id);
        var caseId = (long)(await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "other_policy" }))["case_id"]!;
        using var anonymous = Fixture.Server.Client(null);
        using var seniorClient = Fixture.Server.Client(Fixture.SeniorReviewer);

        var platform = await Platform.GetAsync($"/v1/cases/{caseId}/dossier");
        var nobody = await anonymous.GetAsync($"/v1/cases/{caseId}/dossier");
        var missing = await Reviewer.GetAsync("/v1/cases/999999999/dossier");
        var senior = await seniorClient.GetAsync($"/v1/cases/{caseId}/dossier");

        Assert.Equal(HttpStatusCode.Forbidden, platform.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("There is no case 999999999.", (string)(await missing.JsonAsync(HttpStatusCode.NotFound))["detail"]!);
        Assert.Equal("Open; awaiting a reviewer.", (string)(await senior.JsonAsync(HttpStatusCode.OK))["standing"]!);
    }
}
