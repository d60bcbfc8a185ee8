using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aegis.Console.Tests.Support;
using Aegis.Core.Cases;
using Aegis.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aegis.Console.Tests;

/// <summary>
/// Issue 15 in chromium, through the pages as people use them: a reviewer signs in, opens the top case, sees the media
/// blurred, reveals it (an audit entry appears), dismisses it and sees it awaiting a senior; a senior signs in and
/// confirms with a classification; the case closes and the cascade's webhooks reach the platform. And the whole of a
/// review by the keyboard alone; and a reveal that blurs again by itself.
/// </summary>
public sealed partial class ReviewTests(ReviewConsole console) : IClassFixture<ReviewConsole>
{
    /// <summary>
    /// The preview's detail may be at most this share of the original's (drawn at the preview's size). The server's blur
    /// (a sigma of 32 pixels) leaves 2.3% of the story's drawing, most of it the preview JPEG's own block noise; the
    /// unblurred reveal measures 120% (grey, re-encoded), so a bound of 10% tells the two apart with room either side.
    /// </summary>
    private const double BlurredAtMost = 0.1;

    /// <summary>The revealed picture keeps at least this share of the original's detail (grey and re-encoded, not blurred).</summary>
    private const double RevealedAtLeast = 0.5;

    [Fact]
    public async Task A_reviewer_reveals_and_dismisses_the_top_case_a_senior_confirms_it_A1_and_the_cascade_reaches_the_platform()
    {
        var top = console.Cases[ConsoleStory.Top];
        var rita = await console.UserAsync("rita", ApiKeyRole.Reviewer);
        var sam = await console.UserAsync("sam", ApiKeyRole.SeniorReviewer);
        var page = await console.NewPageAsync();
        var asked = new ConcurrentQueue<string>();
        page.Request += (_, request) => asked.Enqueue(request.Url);

        // A reviewer signs in and opens the top case of her queue: the person shown, who was 15.
        await Browsing.SignInAsync(page, rita);
        await Expect(page).ToHaveURLAsync(QueuePage());
        var first = page.Locator("#queue tbody tr").First;
        await Expect(first).ToHaveIdAsync($"case-row-{top}");
        await Expect(first).ToContainTextAsync(ConsoleStory.Top);
        var preview = await page.RunAndWaitForResponseAsync(() => first.GetByRole(AriaRole.Link, new() { Name = $"Case {top}" }).ClickAsync(), IsMedia("preview"));
        await Expect(page).ToHaveURLAsync(CasePage(top));
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("Open; awaiting a reviewer.");

        // She sees the media blurred: the server's preview, never the original, and nothing unblurred was asked for.
        var figure = page.Locator("figure.media-item").First;
        await Expect(figure).ToContainTextAsync($"{ConsoleStory.Top} · image");
        var shown = figure.Locator("img.preview");
        await Expect(shown).ToBeVisibleAsync();
        await Expect(shown).ToHaveAttributeAsync("src", new Regex($"^/console/cases/{top}/media/\\d+\\?view=preview$"));
        await Expect(figure.Locator("img.revealed")).ToHaveCountAsync(0);
        Assert.DoesNotContain(asked, url => url.Contains("view=reveal", StringComparison.Ordinal));
        Assert.Equal((200, "no-store"), (preview.Status, await preview.HeaderValueAsync("cache-control")));
        var original = console.Platform.Media.Items[ConsoleStory.Top].Bytes;
        var previewBytes = await preview.BodyAsync();
        var (width, height) = Sharpness.Size(previewBytes);
        var detail = Sharpness.Of(original, width, height);
        var blurred = Sharpness.Of(previewBytes);
        Assert.True(blurred < detail * BlurredAtMost, $"the preview keeps {blurred / detail:P1} of the original's detail: it is not blurred");

        // She reveals it with the keyboard: the unblurred picture is shown in place of the preview, for the seconds said.
        var revealed = await page.RunAndWaitForResponseAsync(() => Browsing.PressAsync(page, "v"), IsMedia("reveal"));
        await Expect(figure.Locator("img.revealed")).ToBeVisibleAsync();
        await Expect(shown).ToBeHiddenAsync();
        await Expect(figure.Locator(".reveal-status[aria-live]")).ToContainTextAsync("Revealed: blurred again in");
        Assert.Equal((200, "no-store"), (revealed.Status, await revealed.HeaderValueAsync("cache-control")));
        var revealedBytes = await revealed.BodyAsync();
        var (revealedWidth, revealedHeight) = Sharpness.Size(revealedBytes);
        var unblurred = Sharpness.Of(revealedBytes) / Sharpness.Of(original, revealedWidth, revealedHeight);
        Assert.True(unblurred > RevealedAtLeast, $"the reveal keeps only {unblurred:P1} of the original's detail: it is not the unblurred picture");

        // An audit entry appears: the case's timeline, read again, has her reveal; the page counts it; the media is blurred again.
        await page.ReloadAsync();
        await Expect(page.Locator("#timeline")).ToContainTextAsync(new Regex($"· {rita} · evidence\\.revealed"));
        await Expect(page.Locator("#reveals-today")).ToHaveTextAsync("Reveals today: 1");
        await Expect(figure.Locator("img.preview")).ToBeVisibleAsync();
        await Expect(figure.Locator("img.revealed")).ToHaveCountAsync(0);

        // She claims it and dismisses it: it awaits a senior, and she may only read it now.
        await Browsing.PressAsync(page, "c");
        await Expect(page.Locator("#case-state")).ToContainTextAsync($"Open; claimed by {rita} until");
        await page.Locator("#decision-reason").FillAsync("Abstract shapes only: no person, let alone a child, is shown.");
        await page.Locator("#decision-dismiss").ClickAsync();
        await Expect(page.Locator("#case-state")).ToHaveTextAsync($"Dismissed by {rita}; awaiting a senior reviewer.");
        await Expect(page.Locator("#case-access")).ToContainTextAsync("Read only:");
        await Expect(page.Locator("#decision-dismiss")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();

        // A senior signs in: the case is in the senior queue; he claims it, chooses A1 by its key and confirms.
        var senior = await console.NewPageAsync();
        await Browsing.SignInAsync(senior, sam);
        var row = senior.Locator($"#case-row-{top}");
        await Expect(row).ToContainTextAsync("senior", new() { IgnoreCase = true });
        await row.GetByRole(AriaRole.Link, new() { Name = $"Case {top}" }).ClickAsync();
        await Expect(senior.Locator("#case-state")).ToHaveTextAsync($"Dismissed by {rita}; awaiting a senior reviewer.");
        await Browsing.PressAsync(senior, "c");
        await Expect(senior.Locator("#case-state")).ToContainTextAsync($"claimed by {sam} until");
        await Browsing.PressAsync(senior, "j");
        await Expect(senior.Locator("#classification-A1")).ToBeCheckedAsync();
        await senior.Locator("#decision-reason").FillAsync("A child is shown, in a sex act: A1.");
        await senior.Locator("#decision-confirm").ClickAsync();

        // The case closes: confirmed on the page, gone from the queue.
        await Expect(senior.Locator("#case-state")).ToContainTextAsync($"Dismissed by {rita}, then confirmed A1 by {sam}");
        await Expect(senior.Locator("#decide")).ToHaveCountAsync(0);
        await senior.GotoAsync("/console/queue");
        await Expect(senior.Locator($"#case-row-{top}")).ToHaveCountAsync(0);
        await senior.Context.CloseAsync();

        // And the cascade's webhooks reach the platform: the item, its reshares and its copy removed, its uploader
        // suspended, and the case decided, confirmed.
        foreach (var item in (string[])[ConsoleStory.Top, .. ConsoleStory.TopReshares, ConsoleStory.TopCopy])
        {
            await console.Webhooks.WaitForActionAsync("removed", item);
        }

        await console.Webhooks.WaitForActionAsync("suspended", ConsoleStory.TopUploader);
        await Waits.UntilAsync(
            () => console.Webhooks.Received.Any(e => e.Type == "case.decided" && Is(e.Body, top, "confirmed")),
            $"a case.decided webhook saying case {top} is confirmed",
            () => string.Join(", ", console.Webhooks.Received.Where(e => e.Type == "case.decided").Select(e => e.Body.ToJsonString())));
    }

    [Fact]
    public async Task A_reviewer_signs_in_takes_the_next_case_reveals_it_and_decides_it_with_the_keyboard_alone()
    {
        var kim = await console.UserAsync("kim", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        var expected = console.Cases[ConsoleStory.IntimateBySubject]; // the top of the general queue
        var page = await console.NewPageAsync();

        // The queue's address sends her to sign in, the focus in the name field; she types, tabs and presses Enter.
        await page.GotoAsync("/console/queue");
        await Expect(page).ToHaveURLAsync(Browsing.SignInPage());
        await Expect(page.Locator("#name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(kim);
        await Browsing.TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync(ReviewConsole.Password);
        await Browsing.TabToAsync(page, "button[type=submit]");
        await Browsing.PressAsync(page, "Enter");
        await Expect(page).ToHaveURLAsync(QueuePage());

        // n takes the next case and opens it, claimed; v reveals its media.
        await Browsing.PressAsync(page, "n");
        await Expect(page).ToHaveURLAsync(CasePage(expected));
        await Expect(page.Locator("#case-state")).ToContainTextAsync($"Open; claimed by {kim} until");
        await Browsing.PressAsync(page, "v");
        await Expect(page.Locator("figure.media-item img.revealed").First).ToBeVisibleAsync();

        // Tab reaches the reason and the decision; Enter submits it.
        await Browsing.TabToAsync(page, "#decision-reason");
        await page.Keyboard.TypeAsync("Shared without the consent of the person shown, who reported it.");
        await Browsing.TabToAsync(page, "#decision-violation");
        await Browsing.PressAsync(page, "Enter");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync($"Confirmed as a violation by {kim}.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reveal_blurs_again_by_itself_when_its_seconds_are_up()
    {
        var vic = await console.UserAsync("vic", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        var id = console.Cases[ConsoleStory.Harassment];
        var page = await console.NewPageAsync();
        await page.Clock.InstallAsync(); // the page's timers, moved by the test instead of waited for
        await Browsing.SignInAsync(page, vic);
        await page.GotoAsync($"/console/cases/{id}");
        var figure = page.Locator("figure.media-item").First;
        var status = figure.Locator(".reveal-status[aria-live]");
        await page.Clock.PauseAtAsync(DateTime.Now.AddSeconds(1)); // from now on the page's time moves only when the test says

        await Browsing.PressAsync(page, "v");
        await Expect(figure.Locator("img.revealed")).ToBeVisibleAsync();
        await Expect(status).ToHaveTextAsync($"Revealed: blurred again in {ReviewConsole.RevealSeconds} s.");
        await page.Clock.RunForAsync((ReviewConsole.RevealSeconds - 1) * 1000);
        await Expect(status).ToHaveTextAsync("Revealed: blurred again in 1 s.");
        await Expect(figure.Locator("img.revealed")).ToBeVisibleAsync();
        await page.Clock.RunForAsync(1000);

        await Expect(status).ToHaveTextAsync("Blurred again.");
        await Expect(figure.Locator("img.revealed")).ToHaveCountAsync(0);
        await Expect(figure.Locator("img.preview")).ToBeVisibleAsync();
        await Expect(figure.Locator("button.reveal-button")).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    private static Func<IResponse, bool> IsMedia(string view) =>
        response => response.Url.Contains("/media/", StringComparison.Ordinal) && response.Url.Contains($"view={view}", StringComparison.Ordinal);

    private static bool Is(JsonNode body, long caseId, string state) =>
        body["case_id"]?.GetValue<long>() == caseId && (string?)body["state"] == state;

    private static Regex CasePage(long id) => new($"/console/cases/{id}$");

    [GeneratedRegex("/console/queue$")]
    private static partial Regex QueuePage();
}
