using System.Text.RegularExpressions;
using Aegis.Cli.Demo;
using Aegis.Console.Tests.Support;
using Aegis.Core.Cases;
using Aegis.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aegis.Console.Tests;

/// <summary>
/// Issue 15's refusals, in chromium, typing addresses as a curious reviewer would: a reviewer cannot open admin pages or a
/// case outside their queues or claimed by another (403, and the page says why), nor its media; and evidence is served
/// only to signed-in reviewers of that case, with <c>Cache-Control: no-store</c>, blurred unless a reveal's one-use link
/// is presented by the reviewer who revealed it.
/// </summary>
public sealed class AccessTests(ReviewConsole console) : IClassFixture<ReviewConsole>
{
    [Fact]
    public async Task A_reviewer_is_refused_the_stats_and_every_admin_and_curator_page_by_address_and_is_told_why()
    {
        var ari = await console.UserAsync("ari", ApiKeyRole.Reviewer);
        var page = await console.NewPageAsync();
        await Browsing.SignInAsync(page, ari);

        // The navigation offers none of them.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Console" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Queue" })).ToBeVisibleAsync();
        foreach (var link in new[] { "Stats", "Banks", "Users", "API keys", "Evidence holds" })
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link })).ToHaveCountAsync(0);
        }

        foreach (var path in new[]
        {
            "/console/stats", "/console/users", $"/console/users/{ari}", "/console/keys", "/console/evidence", "/console/banks",
            $"/console/banks/{DemoSetup.BlockBank}", $"/console/banks/{DemoSetup.BlockBank}/import",
        })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == 403, $"{path}: {response.Status}");
            await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(path)}$")); // refused where typed, not sent elsewhere
            await Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");
            await Expect(page.Locator("main")).ToContainTextAsync("Your role does not allow this page");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_is_refused_a_case_outside_their_queues_or_claimed_by_another_and_its_media_by_address()
    {
        var gil = await console.UserAsync("gil", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        var rob = await console.UserAsync("rob", ApiKeyRole.Reviewer);
        var bea = await console.UserAsync("bea", ApiKeyRole.Reviewer);
        var childSafety = console.Cases[ConsoleStory.ReportedThrice];
        var claimed = console.Cases[ConsoleStory.Sextortion];

        // Rob opens both child-safety cases (their media's addresses are on his pages) and claims one with c.
        var robs = await console.NewPageAsync();
        await Browsing.SignInAsync(robs, rob);
        await robs.GotoAsync($"/console/cases/{childSafety}");
        var childSafetyMedia = await MediaAddressAsync(robs);
        await robs.GotoAsync($"/console/cases/{claimed}");
        var claimedMedia = await MediaAddressAsync(robs);
        await Browsing.PressAsync(robs, "c");
        await Expect(robs.Locator("#case-state")).ToContainTextAsync($"claimed by {rob} until");

        // Gil works the general queue only: the child-safety case and its media are refused, with the reason.
        var gils = await console.NewPageAsync();
        await Browsing.SignInAsync(gils, gil);
        foreach (var path in new[] { $"/console/cases/{childSafety}", childSafetyMedia })
        {
            await RefusedAsync(gils, path, $"Case {childSafety} is in the child-safety queue, which is not one of yours (yours: general)");
        }

        // Bea works child-safety, but rob holds that case: refused, page and media, saying who holds it.
        var beas = await console.NewPageAsync();
        await Browsing.SignInAsync(beas, bea);
        foreach (var path in new[] { $"/console/cases/{claimed}", claimedMedia })
        {
            await RefusedAsync(beas, path, $"Case {claimed} is claimed by {rob} until");
        }

        // The case rob holds is not a link in her queue, and no case at all is a 404 that says so.
        await beas.GotoAsync("/console/queue");
        await Expect(beas.Locator($"#case-row-{claimed}")).ToContainTextAsync(rob);
        await Expect(beas.Locator($"#case-row-{claimed}").GetByRole(AriaRole.Link, new() { Name = $"Case {claimed}" })).ToHaveCountAsync(0);
        var missing = await beas.GotoAsync("/console/cases/987654");
        Assert.Equal(404, missing!.Status);
        await Expect(beas.Locator("main")).ToContainTextAsync("There is no case 987654.");

        foreach (var page in new[] { robs, gils, beas })
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Evidence_is_served_only_to_a_signed_in_reader_of_the_case_never_kept_and_unblurred_only_once_by_its_revealer()
    {
        var eve = await console.UserAsync("eve", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        var fay = await console.UserAsync("fay", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        var id = console.Cases[ConsoleStory.Spam];
        var page = await console.NewPageAsync();
        await Browsing.SignInAsync(page, eve);

        // The case page and its media, as the browser got them: never kept, never framed, only the console's own script.
        IResponse? document = null;
        var preview = await page.RunAndWaitForResponseAsync(
            async () => document = await page.GotoAsync($"/console/cases/{id}"), r => r.Url.Contains($"/console/cases/{id}/media/", StringComparison.Ordinal));
        var headers = await document!.AllHeadersAsync();
        Assert.Equal((true, "DENY"), (NoStore(headers["cache-control"]), headers["x-frame-options"]));
        Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.EndsWith("?view=preview", preview.Url, StringComparison.Ordinal); // the blurred preview, by default
        Assert.Equal((200, "no-store", "image/jpeg"), (preview.Status, await preview.HeaderValueAsync("cache-control"), await preview.HeaderValueAsync("content-type")));

        // Without a session the media's address leads to the sign-in page, not to the picture.
        var stranger = await console.NewPageAsync();
        var anonymous = await stranger.GotoAsync(preview.Url);
        await Expect(stranger).ToHaveURLAsync(Browsing.SignInPage());
        Assert.Equal((302, "text/html"), ((await anonymous!.Request.RedirectedFrom!.ResponseAsync())!.Status, (await anonymous.HeaderValueAsync("content-type"))!.Split(';')[0]));

        // Unblurred only through a reveal's link: once, and only for the reviewer who revealed it.
        var reveal = await page.RunAndWaitForResponseAsync(() => Browsing.PressAsync(page, "v"), r => r.Url.Contains("view=reveal", StringComparison.Ordinal));
        Assert.Equal((200, "no-store"), (reveal.Status, await reveal.HeaderValueAsync("cache-control")));
        var bare = preview.Url.Replace("view=preview", "view=reveal", StringComparison.Ordinal);
        await RefusedAsync(page, bare, "This reveal link is not valid; reveal the media again.");
        await RefusedAsync(page, reveal.Url, "This reveal link was used already; reveal the media again.");
        var other = await console.NewPageAsync();
        await Browsing.SignInAsync(other, fay);
        await RefusedAsync(other, reveal.Url, "This reveal link is for another item or another reviewer.");

        foreach (var p in new[] { page, stranger, other })
        {
            await p.Context.CloseAsync();
        }
    }

    /// <summary>True when a Cache-Control value forbids keeping the answer (a page with a form says "no-cache, no-store").</summary>
    private static bool NoStore(string? cacheControl) =>
        (cacheControl ?? "").Split(',', StringSplitOptions.TrimEntries).Contains("no-store", StringComparer.OrdinalIgnoreCase);

    /// <summary>The address of the first item's blurred preview on the case page shown.</summary>
    private static async Task<string> MediaAddressAsync(IPage page)
    {
        var image = page.Locator("figure.media-item img.preview").First;
        await Expect(image).ToBeVisibleAsync();
        return (await image.GetAttributeAsync("src"))!;
    }

    /// <summary>Goes to <paramref name="path"/> and finds it refused: 403, the refusal page, and <paramref name="reason"/> on it.</summary>
    private static async Task RefusedAsync(IPage page, string path, string reason)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response!.Status == 403, $"{path}: {response.Status}");
        Assert.True(NoStore(await response.HeaderValueAsync("cache-control")), $"{path} may be kept by the browser");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");
        await Expect(page.Locator("main")).ToContainTextAsync(reason);
    }
}
