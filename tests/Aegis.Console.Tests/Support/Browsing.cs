using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aegis.Console.Tests.Support;

/// <summary>What a person does in the console's pages, through the page as they would: typing, clicking, pressing keys.</summary>
public static partial class Browsing
{
    /// <summary>
    /// The most Tab presses a test makes to reach an element: more than any console page has stops before its decision
    /// form, so that running out means the element cannot be reached by Tab, not that the page grew.
    /// </summary>
    private const int MaxTabs = 80;

    /// <summary>Signs in through the sign-in form (typed, then the button) and waits until the console lets them in.</summary>
    /// <summary>
    /// Presses <paramref name="key"/> once the page's scripts have run: an assertion on the text of a page just navigated
    /// to can pass while it is still being parsed, before the deferred console.js listens for keys (a busy machine's race).
    /// </summary>
    public static async Task PressAsync(IPage page, string key)
    {
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await page.Keyboard.PressAsync(key);
    }

    public static async Task SignInAsync(IPage page, string name, string password = ReviewConsole.Password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/console/signin");
        await page.Locator("#name").FillAsync(name);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(SignInPage());
    }

    /// <summary>
    /// Presses Tab until <paramref name="selector"/> has the focus; every element Tab stops at on the way must show that it
    /// has the focus (an outline). Fails, listing the stops, when it is not reached in <see cref="MaxTabs"/> presses.
    /// </summary>
    public static async Task TabToAsync(IPage page, string selector)
    {
        ArgumentNullException.ThrowIfNull(page);
        var stops = new List<string>();
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var stop = await page.EvaluateAsync<System.Text.Json.JsonElement>(
                """
                selector => {
                    const el = document.activeElement;
                    const style = el ? getComputedStyle(el) : null;
                    return {
                        what: el ? `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.innerText || el.value || "").trim().slice(0, 30)}"` : "nothing",
                        matches: !!el && el.matches(selector),
                        visible: !!style && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                    };
                }
                """,
                selector);
            var what = stop.GetProperty("what").GetString()!;
            stops.Add(what);
            Assert.True(stop.GetProperty("visible").GetBoolean(), $"Tab stopped at {what} with no visible focus (stops so far: {string.Join(" → ", stops)})");
            if (stop.GetProperty("matches").GetBoolean())
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector} in {MaxTabs} presses: {string.Join(" → ", stops)}");
    }

    /// <summary>The sign-in page's address (with or without a return address).</summary>
    [GeneratedRegex("/console/signin")]
    public static partial Regex SignInPage();
}
