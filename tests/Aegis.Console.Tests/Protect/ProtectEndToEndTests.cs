using System.Net;
using System.Text.Json.Nodes;
using Aegis.Console.Tests.Support;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aegis.Console.Tests.Protect;

/// <summary>
/// A person protects a picture and a video the platform already hosts, with reshares, through the real page and the
/// real API (nothing answered by the test): only hashes leave the page; every copy and reshare is restricted before the
/// answer reaches the page; a re-upload is held; the receipt page counts it; withdrawing gives back what was only held.
/// Stand-ins: a generated noisy picture and ffmpeg's test pattern, no real images.
/// </summary>
public sealed class ProtectEndToEndTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly string[] Hosted = ["photo", "photo-reshare", "photo-elsewhere", "clip", "clip-reshare"];

    [Fact]
    public async Task A_person_protects_a_hosted_picture_and_video_every_copy_is_restricted_before_the_answer_and_withdrawal_lifts_them()
    {
        var dir = Directory.CreateTempSubdirectory("aegis-protect-e2e-");
        try
        {
            string key;
            await using (var store = await BankStore.OpenAsync(fixture.Storage))
            {
                key = (await new ApiKeyStore(store).CreateAsync("platform-e2e", ApiKeyRole.Platform)).Secret;
            }

            using var platform = fixture.Server.Client(key);

            // Given a picture and a video on the platform, each reshared, the picture also uploaded again elsewhere, and an unrelated picture
            using var bitmap = Pictures.Noisy(800, 600, 7);
            var photo = Pictures.Jpeg(bitmap);
            var photoPath = Path.Combine(dir.FullName, "IMG_0001.jpg");
            await File.WriteAllBytesAsync(photoPath, photo);
            var clipPath = Path.Combine(dir.FullName, "VID_0001.webm");
            var made = await ChildProcess.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10:d=3.5", "-c:v", "libvpx", "-b:v", "1M", clipPath]);
            Assert.True(made.ExitCode == 0, made.Error);
            var clip = await File.ReadAllBytesAsync(clipPath);
            using var other = Pictures.Asymmetric(640, 480);

            await UploadAsync(platform, "photo", photo);
            await UploadAsync(platform, "photo-reshare", Pictures.Jpeg(bitmap, 75), parent: "photo");
            await UploadAsync(platform, "photo-elsewhere", photo);
            await UploadAsync(platform, "clip", clip);
            await UploadAsync(platform, "clip-reshare", clip, parent: "clip");
            await UploadAsync(platform, "unrelated", Pictures.Jpeg(other));

            // When the person picks the two files in the page, says who is in them and sends
            var page = await fixture.NewPageAsync();
            var requests = new List<IRequest>();
            page.Request += (_, request) =>
            {
                lock (requests)
                {
                    requests.Add(request);
                }
            };

            // What the platform shows at the moment the answer reaches the page (read before the page gets it)
            Dictionary<string, string>? atAnswer = null;
            await page.RouteAsync("**/protect/v1/submissions", async route =>
            {
                var response = await route.FetchAsync();
                atAnswer = await StatusesAsync(platform, [.. Hosted, "unrelated"]);
                await route.FulfillAsync(new RouteFulfillOptions { Response = response });
            });
            await page.GotoAsync("/protect");
            await page.Locator("#files").SetInputFilesAsync([photoPath, clipPath]);
            await Expect(page.Locator("#progress")).ToContainTextAsync("Fingerprints ready for 2 of 2");
            await page.Locator("input[name=statement][value=self_minor]").CheckAsync();
            await page.Locator("#send").ClickAsync();
            await Expect(page.Locator("#receipt-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$"));

            // Then every copy and reshare was restricted before the answer reached the page, the unrelated picture left alone
            Assert.NotNull(atAnswer);
            Assert.All(Hosted, id => Assert.Equal((id, "restricted"), (id, atAnswer![id])));
            Assert.Equal("visible", atAnswer!["unrelated"]);
            await Expect(page.Locator("#found")).ToContainTextAsync("5 copies were found");

            // And no request that left the page carried the files' bytes or names
            List<(string Url, string Body)> sent;
            lock (requests)
            {
                sent = [.. requests.Select(r => (r.Url, r.PostData ?? ""))];
            }

            Assert.Contains(sent, s => s.Url.EndsWith("/protect/v1/submissions", StringComparison.Ordinal));
            foreach (var (url, body) in sent)
            {
                Assert.False(ProtectVectors.Holds(body, photo), $"{url} carries the picture's bytes");
                Assert.False(ProtectVectors.Holds(body, clip), $"{url} carries the video's bytes");
                Assert.DoesNotContain("IMG_0001", body + url, StringComparison.Ordinal);
                Assert.DoesNotContain("VID_0001", body + url, StringComparison.Ordinal);
            }

            // When the picture is uploaded again
            var again = await UploadAsync(platform, "photo-again", photo);

            // Then it is held, and the receipt page (from the link the page gave) counts it
            Assert.Equal("hold", (string)again["verdict"]!);
            Assert.Equal("restricted", (await StatusesAsync(platform, ["photo-again"]))["photo-again"]);
            var link = await page.Locator("#receipt-link").GetAttributeAsync("href");
            Assert.Contains("#", link, StringComparison.Ordinal);
            await page.GotoAsync(link!);
            await Expect(page.Locator("#counts")).ToContainTextAsync("6 copies found");
            await Expect(page.Locator("#counts")).ToContainTextAsync("1 held for a person to check");
            await Expect(page.Locator("#counts")).ToContainTextAsync("6 hidden at once");

            // When they withdraw, confirming
            await page.Locator("#withdraw").ClickAsync();
            await page.Locator("#confirm-yes").ClickAsync();
            await Expect(page.Locator("#withdrawn")).ToBeVisibleAsync();

            // Then what was only held is shown again, and the picture is no longer held at upload
            var after = await StatusesAsync(platform, [.. Hosted, "photo-again"]);
            Assert.All(after, s => Assert.Equal((s.Key, "visible"), (s.Key, s.Value)));
            Assert.Equal("allow", (string)(await UploadAsync(platform, "photo-later", photo))["verdict"]!);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<JsonNode> UploadAsync(HttpClient platform, string contentId, byte[] bytes, string? parent = null)
    {
        var query = $"/v1/media?content_id={contentId}&uploader_id=acct-{contentId}" + (parent is null ? "" : $"&parent_content_id={parent}");
        return await (await platform.PostBytesAsync(query, bytes)).JsonAsync(HttpStatusCode.OK);
    }

    private static async Task<Dictionary<string, string>> StatusesAsync(HttpClient platform, IEnumerable<string> ids)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            statuses[id] = (string)(await (await platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK))["status"]!;
        }

        return statuses;
    }
}
