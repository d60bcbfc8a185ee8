using Aegis.Console.Tests.Support;

namespace Aegis.Console.Tests;

/// <summary>
/// The browser tests' own machinery, proved before the console's pages rely on it: Debian's chromium driven headless
/// against a real <c>aegis serve</c>, the accessibility pass failing on a known violation and naming it, and
/// screenshots saved as artifacts.
/// </summary>
public sealed class BrowserInfrastructureTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_browser_loads_a_page_of_the_real_server_and_saves_a_screenshot_of_it()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.GotoAsync("/healthz");
        var path = await Screenshots.SaveAsync(page, "infrastructure-healthz");

        Assert.Equal(200, response!.Status);
        Assert.Equal("ok", (await page.InnerTextAsync("body")).Trim());
        var png = await File.ReadAllBytesAsync(path);
        Assert.True(png.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']), $"{path} is a PNG");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_accessibility_pass_fails_on_serious_violations_and_lists_each_readably()
    {
        var page = await fixture.NewPageAsync();
        // An image with no text alternative (critical) and a button with no name (critical), on an otherwise sound page.
        await page.SetContentAsync(
            """
            <!doctype html><html lang="en"><head><title>Known violations</title></head>
            <body><main><h1>Known violations</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt"><button id="no-name"></button></main></body></html>
            """);

        var failure = await Assert.ThrowsAsync<AccessibilityException>(() => Accessibility.AssertNoSeriousViolationsAsync(page, "a page with known violations"));

        Assert.Contains("on a page with known violations", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- image-alt (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#no-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- button-name (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#no-name", failure.Message, StringComparison.Ordinal);
        Assert.Contains("https://dequeuniversity.com/rules/axe/", failure.Message, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_accessibility_pass_accepts_a_sound_page()
    {
        var page = await fixture.NewPageAsync();
        await page.SetContentAsync(
            """
            <!doctype html><html lang="en"><head><title>Sound</title></head>
            <body><main><h1>Sound</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A dot"><button>Save</button></main></body></html>
            """);

        await Accessibility.AssertNoSeriousViolationsAsync(page, "a sound page");
        await page.Context.CloseAsync();
    }
}
