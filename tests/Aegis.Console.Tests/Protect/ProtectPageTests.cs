using System.Net;
using Aegis.Console.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aegis.Console.Tests.Protect;

/// <summary>
/// Issue 17: the protect page and its receipt page, public, with no cookie, no third-party request and a strict
/// Content-Security-Policy; accessible (axe) at a phone's size and a desktop's; the README's phone screenshot.
/// </summary>
public sealed class ProtectPageTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    /// <summary>A small phone's window.</summary>
    private static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };

    [Theory]
    [InlineData("/protect")]
    [InlineData("/protect/receipt")]
    public async Task The_pages_are_public_uncached_cookieless_and_under_a_strict_content_security_policy(string path)
    {
        using var client = new HttpClient { BaseAddress = fixture.Server.Address };

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        foreach (var directive in new[] { "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:", "media-src blob:", "connect-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'" })
        {
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.False(response.Headers.Contains("Set-Cookie"), "no cookie");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // no inline script (the CSP would refuse it anyway)
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/console", html, StringComparison.Ordinal); // not the console's chrome: no sign-in, no nav
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
        Assert.Contains("this platform", html, StringComparison.Ordinal); // Protect:PlatformName's default
    }

    [Fact]
    public async Task Only_the_pages_own_assets_are_served_with_their_types()
    {
        using var client = new HttpClient { BaseAddress = fixture.Server.Address };

        foreach (var name in new[] { "protect.js", "receipt.js", "worker.js", "hashing.js", "exif.js", "pdq.js", "md5.js", "digests.js" })
        {
            using var script = await client.GetAsync("/protect/assets/" + name);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Assert.Single(script.Headers.GetValues("X-Content-Type-Options")));
            Assert.False(script.Headers.Contains("Set-Cookie"));
        }

        using var css = await client.GetAsync("/protect/assets/protect.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        foreach (var name in new[] { "index.html", "receipt.html", "console.css", "review.js", "nothing.js", "..%2Fconsole%2Fconsole.js" })
        {
            using var refused = await client.GetAsync("/protect/assets/" + name);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
    }

    [Fact]
    public async Task The_page_asks_nothing_of_any_other_origin_and_sends_nothing_before_the_statement()
    {
        var browsing = await ProtectBrowsing.OpenAsync(fixture, Phone);
        var png = ProtectVectors.Pngs[0];

        await browsing.PickAsync(png);
        await browsing.Page.Locator("#send").ClickAsync();

        // Without a statement, nothing is sent: the page says what is missing.
        await Expect(browsing.Page.Locator("#problem")).ToContainTextAsync("who is in the pictures");
        Assert.Empty(browsing.Submissions);
        await browsing.Page.Locator("#guardian").CheckAsync();
        await browsing.Page.Locator("#contact").FillAsync("parent@example.org");
        await browsing.Page.Locator("#send").ClickAsync();
        await Expect(browsing.Page.Locator("#receipt-code")).ToHaveTextAsync(ProtectBrowsing.Receipt);
        await Expect(browsing.Page.Locator("#receipt-link")).ToHaveAttributeAsync("href", "/protect/receipt#" + ProtectBrowsing.Receipt);
        await Expect(browsing.Page.Locator("#file-notes")).ToContainTextAsync("Picture 1: A kind note about the first file.");

        var sent = System.Text.Json.JsonDocument.Parse(Assert.Single(browsing.Submissions)).RootElement;
        Assert.Equal(["statement", "contact", "files"], sent.EnumerateObject().Select(p => p.Name));
        Assert.Equal("parent@example.org", sent.GetProperty("contact").GetString());
        var origin = fixture.Server.Address.GetLeftPart(UriPartial.Authority);
        Assert.All(browsing.Requests, r => Assert.True(
            r.Url.StartsWith(origin + "/", StringComparison.Ordinal) || r.Url.StartsWith("blob:" + origin + "/", StringComparison.Ordinal) || r.Url.StartsWith("data:", StringComparison.Ordinal),
            $"{r.Method} {r.Url} is not of {origin}"));
        Assert.All(browsing.Requests.Where(r => r.Method == "POST"), r => Assert.EndsWith("/protect/v1/submissions", r.Url, StringComparison.Ordinal));
        await browsing.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_protect_page_passes_axe_at_a_phones_size_and_a_desktops_in_every_state_and_is_photographed()
    {
        var browsing = await ProtectBrowsing.OpenAsync(fixture, Phone);
        var page = browsing.Page;

        await page.GotoAsync("/protect");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("No files picked yet.");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the protect page on a phone");
        var shot = await Screenshots.SaveAsync(page, "protect-phone");
        Assert.True(new FileInfo(shot).Length > 0);

        await browsing.PickAsync(ProtectVectors.Pngs.Take(2).ToArray());
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#problem")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the protect page with two pictures picked and a missing statement, on a phone");
        await Screenshots.SaveAsync(page, "protect-phone-picked");

        await page.Locator("#self_minor").CheckAsync();
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        await Expect(page.Locator("#done-title")).ToBeFocusedAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the protect page's receipt, on a phone");
        await Screenshots.SaveAsync(page, "protect-phone-receipt");

        await page.SetViewportSizeAsync(ConsoleFixture.Viewport.Width, ConsoleFixture.Viewport.Height);
        await page.GotoAsync("/protect");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the protect page on a desktop");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_receipt_page_reads_the_code_from_the_fragment_shows_counts_and_withdraws_after_a_confirmation()
    {
        var browsing = await ProtectBrowsing.OpenAsync(fixture, Phone);
        var page = browsing.Page;
        var reads = new List<string>();
        var withdrawn = false;
        await page.RouteAsync("**/protect/v1/receipt", async route =>
        {
            reads.Add(route.Request.PostData ?? "");
            var at = withdrawn ? "\"2026-12-06T10:00:00Z\"" : "null";
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "application/json",
                Body = $$"""{"submitted_at":"2026-12-05T10:00:00Z","statement":"self_minor","files":2,"hashes":40,"found":3,"restricted":3,"held_for_review":0,"removed":1,"under_review":true,"withdrawn_at":{{at}}}""",
            });
        });
        await page.RouteAsync("**/protect/v1/receipt/withdraw", async route =>
        {
            withdrawn = true;
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = """{"withdrawn_at":"2026-12-06T10:00:00Z","lifted":3}""" });
        });

        await page.GotoAsync("/protect/receipt#" + ProtectBrowsing.Receipt);

        await Expect(page.Locator("#result")).ToBeVisibleAsync();
        await Expect(page.Locator("#counts")).ToContainTextAsync("3 copies found");
        Assert.Equal($$"""{"receipt":"{{ProtectBrowsing.Receipt}}"}""", Assert.Single(reads));
        Assert.All(browsing.Requests, r => Assert.DoesNotContain(ProtectBrowsing.Receipt, r.Url.Replace("#" + ProtectBrowsing.Receipt, "", StringComparison.Ordinal), StringComparison.Ordinal));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the receipt page on a phone");

        await page.Locator("#withdraw").ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        Assert.False(withdrawn, "nothing withdrawn before the confirmation");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the receipt page asking to confirm the withdrawal");
        await page.Locator("#confirm-yes").ClickAsync();
        await Expect(page.Locator("#withdrawn")).ToContainTextAsync("You withdrew these fingerprints");
        await Expect(page.Locator("#withdraw")).ToBeHiddenAsync();
        Assert.True(withdrawn);

        await page.SetViewportSizeAsync(ConsoleFixture.Viewport.Width, ConsoleFixture.Viewport.Height);
        await page.GotoAsync("/protect/receipt");
        await Expect(page.Locator("#code")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the receipt page without a code, on a desktop");
        await page.Context.CloseAsync();
    }
}
