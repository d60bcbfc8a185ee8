using System.Net;
using System.Text.RegularExpressions;
using Aegis.Core.Reports;
using Aegis.Hashing.Files;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// A case's media on its page, on SQLite and PostgreSQL: only to readers of the case, never kept by the browser, blurred
/// by default; a reveal is audited before anything unblurred can be fetched, and its link is used once, expires after
/// <c>Console:RevealSeconds</c> and is bound to its case, item and reviewer; a video is a strip of frames until revealed.
/// </summary>
public abstract class ConsoleMediaTests
{
    /// <summary>Banks match at 31 bits or fewer; the default preview of the bridge is measured at 66 (see the Hashing tests).</summary>
    private const int FarFromAnyMatch = 50;

    /// <summary>An unblurred preview is the picture re-encoded smaller (and grey): its PDQ stays this near the original's.</summary>
    private const int SamePicture = 16;

    private static readonly byte[] Bridge = File.ReadAllBytes(Support.Api.Image("bridge.jpg"));

    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task The_media_is_a_blurred_preview_by_default_never_kept_by_the_browser_and_its_read_is_audited()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var id = await desk.ReportAsync("m-csam-1", ReportCategory.ChildSexualExploitation);
        var media = await desk.EvidenceAsync(id, "m-csam-1", Bridge, "image/jpeg");
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);

        using var preview = await rita.GetAsync($"/console/cases/{id}/media/{media}?view=preview");
        var bytes = await preview.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType!.MediaType);
        Assert.True(preview.Headers.CacheControl!.NoStore);
        Assert.NotEqual(Bridge, bytes);
        Assert.True(Distance(Bridge, bytes) >= FarFromAnyMatch, $"the preview is {Distance(Bridge, bytes)} bits from the original");
        var viewed = Assert.Single(await desk.AuditAsync(), e => e.Action == "evidence.viewed" && e.Actor == "rita" && e.Data.Contains("\"purpose\":\"preview\"", StringComparison.Ordinal));
        Assert.Equal($"case:{id}", viewed.Subject);
        using var wrongView = await rita.GetAsync($"/console/cases/{id}/media/{media}?view=original");
        Assert.Equal(HttpStatusCode.BadRequest, wrongView.StatusCode);
    }

    [Fact]
    public async Task A_reveal_is_audited_before_the_unblurred_image_can_be_fetched_once_within_its_seconds_by_its_reviewer()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database, o => o.Console.RevealSeconds = 5);
        var id = await desk.ReportAsync("r-csam-1", ReportCategory.ChildSexualExploitation);
        var media = await desk.EvidenceAsync(id, "r-csam-1", Bridge, "image/jpeg");
        var other = await desk.ReportAsync("r-csam-2", ReportCategory.ChildSexualExploitation);
        var otherMedia = await desk.EvidenceAsync(other, "r-csam-2", Images.Unrelated(11), "image/png");
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var sam = await desk.SignInAsync("sam", ApiKeyRole.SeniorReviewer);

        var reveal = await ReviewDesk.RevealAsync(rita, id, media);
        Assert.Equal(5, (int)reveal["seconds"]!);
        Assert.False((bool)reveal["video"]!);
        var url = (string)reveal["url"]!;

        // Audited before a byte of it is fetched: the reveal is in the log, and no unblurred read yet.
        var audit = await desk.AuditAsync();
        var revealed = Assert.Single(audit, e => e.Action == "evidence.revealed");
        Assert.Equal(("rita", $"case:{id}"), (revealed.Actor, revealed.Subject));
        Assert.DoesNotContain(audit, e => e.Data.Contains("\"purpose\":\"reveal\"", StringComparison.Ordinal));

        // Another reviewer (who may read the case) cannot use rita's link, nor can rita use it for another case's item.
        using (var bySam = await sam.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bySam.StatusCode);
        }

        using (var elsewhere = await rita.GetAsync(url.Replace($"/cases/{id}/media/{media}", $"/cases/{other}/media/{otherMedia}", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        }

        using (var unblurred = await rita.GetAsync(url))
        {
            var bytes = await unblurred.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, unblurred.StatusCode);
            Assert.True(unblurred.Headers.CacheControl!.NoStore);
            Assert.True(Distance(Bridge, bytes) <= SamePicture, $"the revealed image is {Distance(Bridge, bytes)} bits from the original");
        }

        var read = Assert.Single(await desk.AuditAsync(), e => e.Action == "evidence.viewed" && e.Data.Contains("\"purpose\":\"reveal\"", StringComparison.Ordinal));
        Assert.True(read.Sequence > revealed.Sequence);

        // Used once.
        using (var twice = await rita.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, twice.StatusCode);
            Assert.Contains("used already", ReviewDesk.Text(await twice.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // Gone after its seconds, and a forged one is nothing.
        var late = (string)(await ReviewDesk.RevealAsync(rita, id, media))["url"]!;
        desk.Clock.Advance(TimeSpan.FromSeconds(6));
        using (var expired = await rita.GetAsync(late))
        {
            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
            Assert.Contains("has expired", ReviewDesk.Text(await expired.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var forged = await rita.GetAsync($"/console/cases/{id}/media/{media}?view=reveal&token=CfDJ8forged"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        Assert.Equal(1, (await desk.AuditAsync()).Count(e => e.Data.Contains("\"purpose\":\"reveal\"", StringComparison.Ordinal)));
        Assert.Equal("Reveals today: 2", ReviewDesk.ById(await ReviewDesk.HtmlAsync(rita, "/console/queue"), "reveals-today"));
    }

    [Fact]
    public async Task Without_script_a_reveal_renders_the_page_with_the_unblurred_image_for_that_response()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var id = await desk.ReportAsync("w-csam-1", ReportCategory.ChildSexualExploitation);
        var media = await desk.EvidenceAsync(id, "w-csam-1", Bridge, "image/jpeg");
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);

        using var posted = await rita.SubmitAsync($"/console/cases/{id}", new Dictionary<string, string> { ["evidenceId"] = $"{media}" }, $"/console/cases/{id}?handler=Reveal");
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Single(await desk.AuditAsync(), e => e.Action == "evidence.revealed");
        var src = WebUtility.HtmlDecode(Regex.Match(html, "<img class=\"revealed\" src=\"([^\"]+)\"").Groups[1].Value);
        Assert.StartsWith($"/console/cases/{id}/media/{media}?view=reveal&token=", src, StringComparison.Ordinal);
        using var image = await rita.GetAsync(src);
        Assert.True(Distance(Bridge, await image.Content.ReadAsByteArrayAsync()) <= SamePicture);
    }

    [Fact]
    public async Task A_video_is_a_blurred_strip_with_its_frame_times_until_revealed_then_its_original_bytes()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database, o => o.Console.FrameThumbnails = 3);
        var video = File.ReadAllBytes(Support.Api.Chair);
        var id = await desk.ReportAsync("v-csam-1", ReportCategory.ChildSexualExploitation);
        var media = await desk.EvidenceAsync(id, "v-csam-1", video, "video/mp4");
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);

        var html = await ReviewDesk.HtmlAsync(rita, $"/console/cases/{id}");

        Assert.Contains($"src=\"/console/cases/{id}/media/{media}?view=strip\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Blurred strip of 3 frames of video v-csam-1\"", html, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(Regex.Match(html, "<ol class=\"frames\".*?</ol>", RegexOptions.Singleline).Value, "<time>\\d+:\\d\\d\\.\\d</time>").Count);
        Assert.DoesNotContain("<video", html, StringComparison.Ordinal); // no playback before a reveal
        using (var strip = await rita.GetAsync($"/console/cases/{id}/media/{media}?view=strip"))
        {
            Assert.Equal("image/jpeg", strip.Content.Headers.ContentType!.MediaType);
        }

        var reveal = await ReviewDesk.RevealAsync(rita, id, media);
        Assert.True((bool)reveal["video"]!);
        Assert.True((bool)reveal["muted"]!);
        using var original = await rita.GetAsync((string)reveal["url"]!);
        Assert.Equal("video/mp4", original.Content.Headers.ContentType!.MediaType);
        Assert.True(original.Headers.CacheControl!.NoStore);
        Assert.Equal(video, await original.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A reveal as the page's script asks for it: the form posted for JSON, with the page's antiforgery token.</summary>

    private static int Distance(byte[] a, byte[] b)
    {
        var hasher = new ImageFileHasher();
        return hasher.Hash(a).Pdq.Hash.DistanceTo(hasher.Hash(b).Pdq.Hash);
    }
}

public sealed class SqliteConsoleMediaTests : ConsoleMediaTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleMediaTests : ConsoleMediaTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
