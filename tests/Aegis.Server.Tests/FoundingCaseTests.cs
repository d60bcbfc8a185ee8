using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests;

/// <summary>
/// The case Aegis exists for, end to end over HTTP (DESIGN.md's opening): an image and a video are uploaded and each
/// reshared three times; the person shown reports "this is me, I was 13"; the content is restricted before the report's
/// answer returns, and the platform's webhook committed with it;
/// one reviewer dismisses and it stays restricted; a senior confirms; the originals, every reshare and a re-encoded
/// copy by another account are removed; a fresh re-upload is blocked at the gate; no views are counted after the report.
/// Benign stand-ins only: a generated picture and the reference's chair clip.
/// </summary>
public abstract class FoundingCaseTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_founding_case()
    {
        await using var receiver = new WebhookReceiver("whsec-test-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(fixture.Database.Options, o => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret));
        using var platform = server.Client(fixture.Platform);
        using var reviewer = server.Client(fixture.Reviewer);
        using var senior = server.Client(fixture.SeniorReviewer);
        var run = Guid.NewGuid().ToString("N")[..8];
        string Id(string name) => $"{name}-{run}";
        var image = Images.Unrelated(1300 + run[0]);
        var video = await File.ReadAllBytesAsync(Support.Api.Chair);

        // Uploaded, then each reshared three times (once a reshare of a reshare).
        await UploadAsync(platform, image, Id("img"), "uploader");
        await UploadAsync(platform, video, Id("vid"), "uploader");
        await UploadAsync(platform, image, Id("share-1"), "fan-1", Id("img"));
        await UploadAsync(platform, image, Id("share-2"), "fan-2", Id("share-1"));
        await UploadAsync(platform, image, Id("share-3"), "fan-3", Id("img"));
        await UploadAsync(platform, video, Id("share-4"), "fan-4", Id("vid"));
        await UploadAsync(platform, video, Id("share-5"), "fan-5", Id("share-4"));
        await UploadAsync(platform, video, Id("share-6"), "fan-6", Id("vid"));
        // A re-encoded copy of the video, uploaded by another account.
        var copy = Path.Combine(Path.GetTempPath(), $"aegis-copy-{run}.mp4");
        try
        {
            await FfmpegAsync("-i", Support.Api.Chair, "-c:v", "libx264", "-b:v", "200k", copy);
            await UploadAsync(platform, await File.ReadAllBytesAsync(copy), Id("copy"), "other");
        }
        finally
        {
            File.Delete(copy);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await platform.PostJsonAsync($"/v1/contents/{Id("vid")}/exposure", new { views = 167_000, shares = 2_223 })).StatusCode);

        // The person shown reports it: "this is me, I was 13".
        var report = await (await platform.PostJsonAsync("/v1/reports", new
        {
            content_ids = new[] { Id("img"), Id("vid") },
            category = "sextortion",
            reporter_is_subject = true,
            subject_was_minor = true,
            reporter_id = "victim",
            text = "this is me, I was 13",
        })).JsonAsync(HttpStatusCode.Created);

        // Restricted before the report's answer returned: the answer says so, the content says so when asked at once, and
        // the webhook telling the platform was committed with the report (so a node dying now cannot lose it).
        Assert.All(report.AsArray(), r => Assert.Equal((true, "restricted", "critical"), ((bool)r!["restricted"]!, (string)r["status"]!, (string)r["level"]!)));
        foreach (var id in new[] { Id("img"), Id("vid") })
        {
            Assert.Equal("restricted", (string)(await (await platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK))["status"]!);
            Assert.Equal(1, await OutboxCountAsync("content.restricted", id));
        }

        await receiver.WaitForAsync("content.restricted", "content_id", Id("img"));
        await receiver.WaitForAsync("content.restricted", "content_id", Id("vid"));
        var videoCase = (long)report[1]!["case_id"]!;
        var imageCase = (long)report[0]!["case_id"]!;

        // Restricted content is not served, so the platform's counts stop where they were.
        Assert.Equal(HttpStatusCode.NoContent, (await platform.PostJsonAsync($"/v1/contents/{Id("vid")}/exposure", new { views = 167_000, shares = 2_223 })).StatusCode);

        // One reviewer dismisses: it stays restricted, awaiting a second, senior review.
        foreach (var id in new[] { imageCase, videoCase })
        {
            await (await reviewer.PostAsync($"/v1/cases/{id}/claim", null)).JsonAsync(HttpStatusCode.OK);
            var dismissed = await (await reviewer.PostJsonAsync($"/v1/cases/{id}/decisions", new { kind = "dismiss", reason = "does not violate our policies" })).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("awaiting_second_review", "restricted"), ((string)dismissed["state"]!, (string)dismissed["content_status"]!));
        }

        // The same reviewer cannot dismiss twice.
        var again = await reviewer.PostJsonAsync($"/v1/cases/{videoCase}/decisions", new { kind = "dismiss", reason = "still fine" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // A senior confirms.
        foreach (var id in new[] { imageCase, videoCase })
        {
            var confirmed = await (await senior.PostJsonAsync($"/v1/cases/{id}/decisions", new { kind = "confirm_csam", reason = "the person shown was a minor", classification = "b1" })).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("confirmed", "removed"), ((string)confirmed["state"]!, (string)confirmed["content_status"]!));
        }

        // The originals, every reshare and the re-encoded copy are removed; accounts are acted on.
        foreach (var id in new[] { "img", "vid", "share-1", "share-2", "share-3", "share-4", "share-5", "share-6", "copy" })
        {
            await receiver.WaitForActionAsync("removed", Id(id));
            await receiver.WaitForActionAsync("demonetized", Id(id));
        }

        await receiver.WaitForActionAsync("suspended", "uploader");
        foreach (var account in new[] { "fan-1", "fan-2", "fan-3", "fan-4", "fan-5", "fan-6", "other" })
        {
            await receiver.WaitForActionAsync("review_requested", account);
        }

        // A fresh re-upload of either is blocked at the gate.
        foreach (var (bytes, name) in new[] { (video, "reupload-vid"), (image, "reupload-img") })
        {
            var reupload = await UploadAsync(platform, bytes, Id(name), "someone");
            Assert.Equal("block", (string)reupload["verdict"]!);
            Assert.Contains(reupload["matches"]!.AsArray(), m => (string)m!["bank"]! == "platform-confirmed");
        }

        // No views were counted after the report: the exposure recorded at the report is the exposure at removal.
        var final = await (await reviewer.GetAsync($"/v1/cases/{videoCase}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((167_000L, 167_000L, 167_000L), ((long)final["views_at_first_report"]!, (long)final["views_at_restriction"]!, (long)final["views_at_removal"]!));
        Assert.Equal((2_223L, 2_223L, 2_223L), ((long)final["shares_at_first_report"]!, (long)final["shares_at_restriction"]!, (long)final["shares_at_removal"]!));
        Assert.True(DateTimeOffset.Parse((string)final["removed_at"]!, System.Globalization.CultureInfo.InvariantCulture) >= DateTimeOffset.Parse((string)final["restricted_at"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.0, (double)final["seconds_to_restrict"]!); // restricted by the report that opened the case, in its transaction
        Assert.True((double)final["seconds_to_remove"]! >= (double)final["seconds_to_restrict"]!);
        Assert.Equal(0L, (long)final["views_after_first_report"]!);
        var stats = await (await reviewer.GetAsync("/v1/stats")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((0L, 0L), ((long)stats["views_after_first_report"]!, (long)stats["views_after_restriction"]!));
        var critical = stats["levels"]!.AsArray().Single(l => (string)l!["level"]! == "critical")!;
        Assert.Equal(2, (int)critical["cases"]!); // the image's and the video's: this class's database holds no others
        Assert.Equal(0.0, (double)critical["seconds_to_restrict"]!["p90"]!);
        Assert.Equal(0, receiver.BadSignatures);
        Assert.Contains(receiver.Received, e => e.Type == "case.decided" && (long)e.Body["case_id"]! == videoCase);
    }

    /// <summary>How many webhooks of <paramref name="type"/> about <paramref name="contentId"/> the outbox holds (sent or not).</summary>
    private async Task<int> OutboxCountAsync(string type, string contentId)
    {
        await using var store = await BankStore.OpenAsync(fixture.Database.Options);
        await using var db = store.CreateContext();
        return await db.Outbox.CountAsync(o => o.Type == type && o.Payload.Contains($"\"content_id\":\"{contentId}\""));
    }

    private static async Task<JsonNode> UploadAsync(HttpClient client, byte[] bytes, string id, string uploader, string? parent = null)
    {
        var path = $"/v1/media?content_id={id}&uploader_id={uploader}" + (parent is null ? "" : $"&parent_content_id={parent}");
        return await (await client.PostBytesAsync(path, bytes)).JsonAsync(HttpStatusCode.OK);
    }

    private static async Task FfmpegAsync(params string[] args)
    {
        var ffmpeg = await ChildProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", .. args]);
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.Error);
    }
}

public sealed class SqliteFoundingCaseTests(SqliteServerFixture fixture) : FoundingCaseTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class PostgresFoundingCaseTests(PostgresServerFixture fixture) : FoundingCaseTests(fixture), IClassFixture<PostgresServerFixture>;
