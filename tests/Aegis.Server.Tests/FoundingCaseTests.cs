using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests;

/// <summary>
/// The case Aegis exists for, end to end over HTTP (DESIGN.md's opening), at the shape of the real one: an image and a
/// video are posted; 200 reshares and quote posts follow, three levels deep; three re-encoded copies of the video are
/// uploaded by other accounts; the video is seen 167,000 times. The person shown reports "this is me, I was 13": every
/// one of the 205 items is restricted and demonetized before the report's answer returns. Views reported after that
/// raise the platform's alarm. One reviewer dismisses; a second junior's dismissal is refused, gives the claim back and is
/// audited; a senior claims and confirms; every item is removed and the platform told; re-uploads of the exact video, a
/// re-encoded copy and a still frame are blocked at the gate, each opening a case confirmed by the match.
/// Benign stand-ins only: a generated picture and the reference's chair clip.
/// </summary>
public abstract class FoundingCaseTests(ServerFixture fixture)
{
    /// <summary>Reshares of each original per level: 20, then two of each, then one of each of those (100 per original).</summary>
    private const int FirstLevel = 20;

    [Fact]
    public async Task The_founding_case()
    {
        await using var receiver = new WebhookReceiver("whsec-test-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(fixture.Database.Options, o =>
        {
            (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret);
            (o.CyberTip.Reporter.Email, o.CyberTip.ContentUrl) = ("safety@platform.example", "https://platform.example/p/{content_id}"); // no NCMEC credentials: drafts only
        });
        using var platform = server.Client(fixture.Platform);
        using var reviewer = server.Client(fixture.Reviewer);
        using var junior = server.Client(await SecondReviewerAsync());
        using var senior = server.Client(fixture.SeniorReviewer);
        var run = Guid.NewGuid().ToString("N")[..8];
        string Id(string name) => $"{name}-{run}";
        var image = Images.Unrelated(1300 + run[0]);
        var video = await File.ReadAllBytesAsync(Support.Api.Chair);
        var work = Directory.CreateTempSubdirectory("aegis-founding-");
        try
        {
            // Posted, then reshared and quoted: 200 posts three levels deep (the platform sends their hashes and parents).
            var img = await UploadAsync(platform, image, Id("img"), "uploader");
            var vid = await UploadAsync(platform, video, Id("vid"), "uploader");
            var reshares = new List<string>();
            foreach (var (root, posted) in new[] { (Id("img"), img), (Id("vid"), vid) })
            {
                var hashes = posted["hashes"]!;
                for (var i = 0; i < FirstLevel; i++)
                {
                    var first = await ReshareAsync(platform, hashes, $"{root}-r{i}", $"fan-{i}", root);
                    for (var j = 0; j < 2; j++)
                    {
                        // Every second post of the second level is a quote post: the same media, with words of its own.
                        var second = await ReshareAsync(platform, hashes, $"{first}-{(j == 0 ? "r" : "q")}{j}", $"fan-{i}-{j}", first);
                        var third = await ReshareAsync(platform, hashes, $"{second}-r", $"fan-{i}-{j}-x", second);
                        reshares.AddRange([second, third]);
                    }

                    reshares.Add(first);
                }
            }

            Assert.Equal(200, reshares.Count);

            // Three re-encoded copies of the video, by other accounts.
            var copies = new[] { Id("copy-1"), Id("copy-2"), Id("copy-3") };
            string[][] encodings = [["-c:v", "libx264", "-b:v", "200k"], ["-c:v", "libx264", "-crf", "35"], ["-c:v", "libx264", "-vf", "scale=iw/2:-2"]];
            for (var i = 0; i < copies.Length; i++)
            {
                var path = Path.Combine(work.FullName, $"copy-{i}.mp4");
                await FfmpegAsync(["-i", Support.Api.Chair, .. encodings[i], path]);
                await UploadAsync(platform, await File.ReadAllBytesAsync(path), copies[i], $"other-{i}");
            }

            var everything = new[] { Id("img"), Id("vid") }.Concat(reshares).Concat(copies).ToList();
            Assert.Equal(205, everything.Count);
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
            Assert.All(report.AsArray(), r => Assert.Equal((true, "restricted", "critical"), ((bool)r!["restricted"]!, (string)r["status"]!, (string)r["level"]!)));

            // Before the report's answer returned, every one of the 205 items was restricted and demonetized (the first
            // thing read after it says so), and the platform's restriction events were committed with them.
            foreach (var id in everything)
            {
                var item = await (await platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK);
                Assert.True(((string)item["status"]!, (bool)item["demonetized"]!) == ("restricted", true), $"{id}: {item["status"]}, demonetized {item["demonetized"]}");
            }

            Assert.True(await RestrictionsToldAsync(everything) == everything.Count, "every restriction committed with the report");
            var imageCase = (long)report[0]!["case_id"]!;
            var videoCase = (long)report[1]!["case_id"]!;

            // The platform preserves both items for the cases (they passed the gate, which keeps only what it blocks or holds).
            foreach (var (caseId, id, bytes) in new[] { (imageCase, Id("img"), image), (videoCase, Id("vid"), video) })
            {
                var put = await platform.PutAsync($"/v1/cases/{caseId}/evidence/{id}", new ByteArrayContent(bytes));
                Assert.True(put.StatusCode == HttpStatusCode.Created, $"preserving {id}: {put.StatusCode} {await put.Content.ReadAsStringAsync()}");
            }

            // Each case shows what it reached: 100 reshares of the image; 100 of the video and its 3 copies.
            var videoView = await (await reviewer.GetAsync($"/v1/cases/{videoCase}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(103, (int)videoView["linked_items_total"]!);
            var page = await (await reviewer.GetAsync($"/v1/cases/{videoCase}/items?limit=1000")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(
                copies.Order(),
                page["items"]!.AsArray().Where(i => (string)i!["kind"]! == "copy").Select(i => (string)i!["content_id"]!).Order());
            Assert.Equal(103, page["items"]!.AsArray().Count);
            Assert.Equal(100, (int)(await (await reviewer.GetAsync($"/v1/cases/{imageCase}")).JsonAsync(HttpStatusCode.OK))["linked_items_total"]!);

            // The platform failed to enforce one reshare's restriction: its views rising raise the alarm, shown on the case.
            var leaked = reshares[^1];
            Assert.Equal(HttpStatusCode.NoContent, (await platform.PostJsonAsync($"/v1/contents/{leaked}/exposure", new { views = 5_000, shares = 12 })).StatusCode);
            var alarm = (await receiver.WaitForAsync("content.exposure_after_restriction", "content_id", leaked)).Body;
            Assert.Equal((5_000L, 12L), ((long)alarm["views"]!, (long)alarm["shares"]!));
            var alerted = await (await reviewer.GetAsync($"/v1/cases/{videoCase}")).JsonAsync(HttpStatusCode.OK);
            Assert.Contains(alerted["exposure_alerts"]!.AsArray(), a => (string)a!["content_id"]! == leaked && (long)a["views"]! == 5_000);

            // One reviewer dismisses: it stays restricted, awaiting a senior.
            foreach (var id in new[] { imageCase, videoCase })
            {
                await (await reviewer.PostAsync($"/v1/cases/{id}/claim", null)).JsonAsync(HttpStatusCode.OK);
                var dismissed = await (await reviewer.PostJsonAsync($"/v1/cases/{id}/decisions", new { kind = "dismiss", reason = "does not violate our policies" })).JsonAsync(HttpStatusCode.OK);
                Assert.Equal(("awaiting_second_review", "restricted"), ((string)dismissed["state"]!, (string)dismissed["content_status"]!));
                Assert.Equal("senior", (string)dismissed["awaiting"]!["role"]!);
            }

            // A second junior claims the video's case and dismisses: refused, the claim given back, the refusal audited.
            await (await junior.PostAsync($"/v1/cases/{videoCase}/claim", null)).JsonAsync(HttpStatusCode.OK);
            var refused = await junior.PostJsonAsync($"/v1/cases/{videoCase}/decisions", new { kind = "dismiss", reason = "still fine" });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var waiting = await (await reviewer.GetAsync($"/v1/cases/{videoCase}")).JsonAsync(HttpStatusCode.OK);
            Assert.Null(waiting["claimed_by"]);
            Assert.Contains("a senior reviewer other than reviewer-ana", (string)waiting["awaiting"]!["text"]!);
            Assert.Equal(1, await AuditCountAsync("case.decision_refused", $"case:{videoCase}"));

            // The senior claims at once and confirms both.
            await (await senior.PostAsync($"/v1/cases/{videoCase}/claim", null)).JsonAsync(HttpStatusCode.OK);
            foreach (var id in new[] { imageCase, videoCase })
            {
                var confirmed = await (await senior.PostJsonAsync($"/v1/cases/{id}/decisions", new { kind = "confirm_csam", reason = "the person shown was a minor", classification = "b1" })).JsonAsync(HttpStatusCode.OK);
                Assert.Equal(("confirmed", "removed"), ((string)confirmed["state"]!, (string)confirmed["content_status"]!));
            }

            // One CyberTipline report gathers both confirmed items of the account, valid against NCMEC's schema, with the
            // victim who reported and the uploader's IP; it waits for a reviewer's approval.
            var cybertip = await (await reviewer.GetAsync($"/v1/cases/{videoCase}/cybertip")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("drafted", "uploader"), ((string)cybertip["state"]!, (string)cybertip["person_id"]!));
            Assert.Equal([imageCase, videoCase], cybertip["case_ids"]!.AsArray().Select(c => (long)c!).Order());
            Assert.True(cybertip["xml"] is not null, cybertip.ToJsonString());
            var xml = (string)cybertip["xml"]!;
            Assert.Empty(Aegis.CyberTip.Schema.CyberTipSchema.Validate(xml));
            Assert.Contains("Child Pornography (possession, manufacture, and distribution)", xml, StringComparison.Ordinal);
            Assert.Contains("<sextortion", xml, StringComparison.Ordinal);
            Assert.Contains("<victim>", xml, StringComparison.Ordinal);

            // Every item is removed, and the platform told of each; the uploader is suspended once, the others queued for review.
            foreach (var id in everything)
            {
                Assert.Equal("removed", (string)(await (await platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK))["status"]!);
                await receiver.WaitForActionAsync("removed", id);
            }

            await receiver.WaitForActionAsync("suspended", "uploader");
            foreach (var account in new[] { "fan-0", "fan-3-1-x", "other-0", "other-2" })
            {
                await receiver.WaitForActionAsync("review_requested", account);
            }

            // Told in a few pages, not an event per item: the restriction of 205 items and their removal, each a page or two.
            Assert.All(everything, id => Assert.Contains(("demonetized", id), receiver.Actions()));
            Assert.InRange(receiver.Received.Count(e => e.Type == "case.actions"), 4, 12);
            Assert.DoesNotContain(receiver.Received, e => e.Type is "content.removed" or "content.matched");

            // Re-uploads are blocked at the gate: the exact video, a re-encoded copy, a still frame, the image; each opens
            // a case confirmed by the match on the platform's bank.
            var reencoded = Path.Combine(work.FullName, "reupload.mp4");
            await FfmpegAsync("-i", Support.Api.Chair, "-c:v", "libx264", "-crf", "30", "-vf", "scale=iw*3/4:-2", reencoded);
            var still = Path.Combine(work.FullName, "still.png");
            await FfmpegAsync("-ss", "2", "-i", Support.Api.Chair, "-frames:v", "1", still);
            var reuploads = new[]
            {
                (video, "reupload-vid"), (await File.ReadAllBytesAsync(reencoded), "reupload-reencoded"), (await File.ReadAllBytesAsync(still), "reupload-still"),
                (image, "reupload-img"),
            };
            foreach (var (bytes, name) in reuploads)
            {
                var reupload = await UploadAsync(platform, bytes, Id(name), "someone");
                Assert.True((string)reupload["verdict"]! == "block", $"{name}: {reupload.ToJsonString()}");
                Assert.Contains(reupload["matches"]!.AsArray(), m => (string)m!["bank"]! == "platform-confirmed");
                var gateCase = await (await reviewer.GetAsync($"/v1/cases/{(long)reupload["case_id"]!}")).JsonAsync(HttpStatusCode.OK);
                Assert.Equal(("confirmed_by_match", "gate_block", "platform-confirmed"), ((string)gateCase["state"]!, (string)gateCase["origin"]!, (string)gateCase["match"]!["bank"]!));
                Assert.StartsWith("case:", (string)gateCase["match"]!["source"]!);
            }

            // The re-uploads' account is reported too (the matches are on the hashes a CSAM confirmation banked): one draft, valid.
            var reuploadReport = await (await reviewer.GetAsync($"/v1/cases/{(long)(await UploadAsync(platform, image, Id("reupload-img-2"), "someone"))["case_id"]!}/cybertip")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("drafted", "someone", 5), ((string)reuploadReport["state"]!, (string)reuploadReport["person_id"]!, reuploadReport["case_ids"]!.AsArray().Count));
            Assert.Empty(Aegis.CyberTip.Schema.CyberTipSchema.Validate((string)reuploadReport["xml"]!));

            // No views were counted after the report on the video itself: its exposure at the report is its exposure at removal.
            var final = await (await reviewer.GetAsync($"/v1/cases/{videoCase}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal((167_000L, 167_000L, 167_000L), ((long)final["views_at_first_report"]!, (long)final["views_at_restriction"]!, (long)final["views_at_removal"]!));
            Assert.Equal(0.0, (double)final["seconds_to_restrict"]!); // restricted by the report that opened the case, in its transaction
            Assert.Equal(0L, (long)final["views_after_first_report"]!);
            Assert.Equal(0, receiver.BadSignatures);
            Assert.Single(receiver.Actions(), a => a == ("suspended", "uploader")); // two cases, one account: told once
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>A second reviewer who is not a senior.</summary>
    private async Task<string> SecondReviewerAsync()
    {
        await using var store = await BankStore.OpenAsync(fixture.Database.Options);
        return (await new ApiKeyStore(store).CreateAsync("reviewer-cai-" + Guid.NewGuid().ToString("N")[..6], ApiKeyRole.Reviewer)).Secret;
    }

    /// <summary>How many of <paramref name="contentIds"/> the outbox tells the platform to restrict (committed, sent or not; per item or in pages).</summary>
    private async Task<int> RestrictionsToldAsync(IReadOnlyCollection<string> contentIds)
    {
        await using var store = await BankStore.OpenAsync(fixture.Database.Options);
        await using var db = store.CreateContext();
        var rows = await db.Outbox.Where(o => o.Type == "content.restricted" || o.Type == "case.actions").Select(o => new { o.Type, o.Payload }).ToListAsync();
        var told = rows.SelectMany(r => WebhookReceiver.ActionsIn(r.Type, JsonNode.Parse(r.Payload)!)).Where(a => a.Action == "restricted").Select(a => a.Id).ToHashSet();
        return contentIds.Count(told.Contains);
    }

    private async Task<int> AuditCountAsync(string action, string subject)
    {
        await using var store = await BankStore.OpenAsync(fixture.Database.Options);
        await using var db = store.CreateContext();
        return await db.AuditLog.CountAsync(a => a.Action == action && a.Subject == subject);
    }

    private static async Task<JsonNode> UploadAsync(HttpClient client, byte[] bytes, string id, string uploader, string? parent = null)
    {
        var path = $"/v1/media?content_id={id}&uploader_id={uploader}" + (parent is null ? "" : $"&parent_content_id={parent}");
        return await (await client.PostBytesAsync(path, bytes)).JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A reshare or quote post: the platform sends the shared media's hashes and the post it shares.</summary>
    private static async Task<string> ReshareAsync(HttpClient client, JsonNode hashes, string id, string uploader, string parent)
    {
        var answer = await (await client.PostJsonAsync("/v1/lookup", new
        {
            content_id = id,
            uploader_id = uploader,
            parent_content_id = parent,
            pdq = (string?)hashes["pdq"],
            md5 = (string?)hashes["md5"],
            sha256 = (string?)hashes["sha256"],
            vpdq = (string?)hashes["vpdq"],
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("allow", (string)answer["verdict"]!);
        return id;
    }

    private static async Task FfmpegAsync(params string[] args)
    {
        var ffmpeg = await ChildProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", .. args]);
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.Error);
    }
}

public sealed class SqliteFoundingCaseTests(SqliteServerFixture fixture) : FoundingCaseTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class PostgresFoundingCaseTests(PostgresServerFixture fixture) : FoundingCaseTests(fixture), IClassFixture<PostgresServerFixture>;
