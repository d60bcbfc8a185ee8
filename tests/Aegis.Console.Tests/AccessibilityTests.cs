using System.Text;
using Aegis.Cli.Demo;
using Aegis.Console.Tests.Support;
using Aegis.Core.Cases;
using Aegis.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aegis.Console.Tests;

/// <summary>
/// "Every page has no serious or critical violation in an axe accessibility pass": each console page in chromium with the
/// story's content in it, in the states people see (an error beside a field, a secret shown once, a reveal, the break
/// reminder, the refusals). And the README's screenshots of the queue, a case (its media blurred) and the stats.
/// </summary>
public sealed class AccessibilityTests(ReviewConsole console) : IClassFixture<ReviewConsole>
{
    [Fact]
    public async Task The_sign_in_page_its_error_the_TOTP_step_and_the_signed_out_page_pass_axe()
    {
        var totp = await console.UserWithTotpAsync("tess", ApiKeyRole.Reviewer);
        var page = await console.NewPageAsync();

        await page.GotoAsync("/console/signin");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the sign-in page");

        await page.Locator("#name").FillAsync("tess");
        await page.Locator("#password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync("The name or the password is not right.");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the sign-in page saying the password is wrong");

        await page.Locator("#password").FillAsync(ReviewConsole.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#code")).ToBeFocusedAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the TOTP step");

        await page.Locator("#code").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("That code is not right");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the TOTP step saying the code is wrong");

        await page.Locator("#code").FillAsync(totp.ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Review queue");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/signout$"));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the signed-out page");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_queue_a_case_with_its_media_and_dossier_and_the_account_pass_axe()
    {
        var rae = await console.UserAsync("rae", ApiKeyRole.Reviewer);
        var page = await console.NewPageAsync();
        await page.Clock.InstallAsync(); // for the break reminder, 50 minutes on
        await Browsing.SignInAsync(page, rae);

        await Expect(page.Locator("#queue tbody tr")).Not.ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the queue");
        await Browsing.PressAsync(page, "?");
        await Expect(page.Locator("#shortcuts")).ToHaveAttributeAsync("open", "");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the queue with its shortcuts shown");

        // The top case: media, dossier (reports, reshares, copies, exposure alerts, uploader, timeline), decision form.
        await page.GotoAsync($"/console/cases/{console.Cases[ConsoleStory.Top]}");
        await Expect(page.Locator("figure.media-item img.preview").First).ToBeVisibleAsync();
        await Expect(page.Locator("#reshares")).ToContainTextAsync(ConsoleStory.TopReshares[1]);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a case with its media, dossier and decision form");
        await Browsing.PressAsync(page, "v");
        await Expect(page.Locator("figure.media-item img.revealed").First).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a case while its media is revealed");

        // A decision the server refuses (CSAM without its classification) is said on the page; a case held at the gate
        // shows its bank match. (Not on the top case, which the other tests of this class open unclaimed.)
        await page.GotoAsync($"/console/cases/{console.Cases[ConsoleStory.Threat]}");
        await Browsing.PressAsync(page, "c");
        await Expect(page.Locator("#release")).ToBeVisibleAsync();
        await page.Locator("#decision-reason").FillAsync("A threat against a named person.");
        await page.Locator("#decision-confirm").ClickAsync();
        await Expect(page.Locator("#case-error")).ToContainTextAsync("classification");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a case with a refused decision");
        await page.GotoAsync($"/console/cases/{console.Cases[ConsoleStory.Held]}");
        await Expect(page.Locator("#matches")).ToContainTextAsync(DemoSetup.HoldBank);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a case held at the gate on a bank match");

        // A case she confirmed: read only, its decision listed; appealed by its uploader, it is another's to decide.
        var spam = console.Cases[ConsoleStory.Spam];
        await page.GotoAsync($"/console/cases/{spam}");
        await Browsing.PressAsync(page, "c");
        await Expect(page.Locator("#release")).ToBeVisibleAsync();
        await page.Locator("#decision-reason").FillAsync("The same advert in every group: spam.");
        await page.Locator("#decision-violation").ClickAsync();
        await Expect(page.Locator("#case-state")).ToHaveTextAsync($"Confirmed as a violation by {rae}.");
        await Expect(page.Locator("#decisions")).ToContainTextAsync("The same advert in every group: spam.");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a confirmed case with its decision");
        await console.Platform.AppealAsync(spam, "user-1006", "It is my own shop's advert, not spam.");
        var sol = await console.UserAsync("sol", ApiKeyRole.SeniorReviewer);
        var senior = await console.NewPageAsync();
        await Browsing.SignInAsync(senior, sol);
        await senior.GotoAsync($"/console/cases/{spam}");
        await Expect(senior.Locator("#appeal-uphold")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(senior, "an appealed case with the appeal's decision form");
        await senior.Context.CloseAsync();

        // The break reminder, after 50 minutes on the review pages.
        await page.Clock.RunForAsync((long)TimeSpan.FromMinutes(51).TotalMilliseconds);
        await Expect(page.Locator("#break-reminder")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a case with the break reminder shown");

        // The account page: her reveals today, how evidence is shown to her (a blur turned off is refused beside its field), TOTP.
        await page.GotoAsync("/console/account");
        await Expect(page.Locator("#reveals-today")).ToHaveTextAsync("Reveals today: 1");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the account page");
        await page.Locator("#blur").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save these settings" }).ClickAsync();
        await Expect(page.Locator("#blur")).ToHaveAttributeAsync("aria-invalid", "true");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the account page refusing a blur setting beside its field");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up TOTP" }).ClickAsync();
        await Expect(page.Locator("#totp-secret")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the account page setting up TOTP");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_stats_and_the_admin_and_curator_pages_pass_axe_with_their_forms_errors_and_results()
    {
        var ada = await console.UserAsync("ada", ApiKeyRole.Admin);
        var page = await console.NewPageAsync();
        await Browsing.SignInAsync(page, ada);

        // The stats (the story's reports, restrictions and gate cases), and a period refused beside its field.
        var stats = await page.GotoAsync("/console/stats");
        Assert.True(stats!.Status == 200, $"/console/stats: {stats.Status}");
        await Expect(page.Locator(".chart-card svg").First).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the stats");
        await page.GotoAsync("/console/stats?from=2026-02-01&to=2026-01-01");
        await Expect(page.Locator("#from")).ToHaveAttributeAsync("aria-invalid", "true");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the stats refusing a period beside its field");

        await page.GotoAsync("/console/banks");
        await Expect(page.Locator("main")).ToContainTextAsync(DemoSetup.BlockBank);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the banks");
        await page.GotoAsync($"/console/banks/{DemoSetup.BlockBank}");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a bank");

        // An import with a bad line: the form, then the result with the line listed.
        await page.GotoAsync($"/console/banks/{DemoSetup.HoldBank}/import");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the bank import form");
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "partner-list.txt", MimeType = "text/plain",
            Buffer = Encoding.UTF8.GetBytes($"pdq {new string('a', 64)}\npdq {new string('b', 64)}\nnot a hash\n"),
        });
        await page.Locator("#import-submit").ClickAsync();
        await Expect(page.Locator("#import-live")).ToContainTextAsync("Imported");
        await Expect(page.Locator("#import-bad-lines")).ToContainTextAsync("line 3:");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the bank import's result");

        // Keys: a form refused beside its field, then a key made and its secret shown once.
        await page.GotoAsync("/console/keys");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the API keys");
        await page.Locator("#key-create").ClickAsync();
        await Expect(page.Locator("#key-name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the API keys with an error beside a field");
        await page.Locator("#key-name").FillAsync("moderation-tool");
        await page.Locator("#key-role").SelectOptionAsync("platform");
        await page.Locator("#key-create").ClickAsync();
        await Expect(page.Locator("#new-key-secret")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the API keys showing a new key once");

        await page.GotoAsync("/console/users");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the users");
        await page.Locator("#user-name").FillAsync("newcomer");
        await page.Locator("#user-role").SelectOptionAsync("reviewer");
        await page.Locator("#user-create").ClickAsync();
        await Expect(page.Locator("#new-password")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the users showing a new user's password once");
        await page.GotoAsync("/console/users/newcomer");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a user");

        // Evidence: an item of the flagged case put under a legal hold through the form.
        await page.GotoAsync($"/console/cases/{console.Cases[ConsoleStory.Flagged]}");
        var item = await page.Locator("figure.media-item").First.GetAttributeAsync("data-evidence");
        await page.GotoAsync("/console/evidence");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the evidence holds with none");
        await page.Locator("#hold-id").FillAsync(item!);
        await page.Locator("#hold-reason").FillAsync("Preservation request HL-2041 from the hotline.");
        await page.Locator("#hold-submit").ClickAsync();
        await Expect(page.Locator($"#item-{item}")).ToContainTextAsync("held");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the evidence holds with an item held");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_refusal_and_not_found_pages_pass_axe()
    {
        var ivy = await console.UserAsync("ivy", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        var page = await console.NewPageAsync();
        await Browsing.SignInAsync(page, ivy);

        foreach (var (path, status, said, what) in new[]
        {
            ("/console/users", 403, "Your role does not allow this page", "the refusal of a page the role may not see"),
            ("/console/stats", 403, "Your role does not allow this page", "the refusal of the stats to a reviewer"),
            ($"/console/cases/{console.Cases[ConsoleStory.Top]}", 403, "which is not one of yours", "the refusal of a case outside the reader's queues"),
            ("/console/cases/987654", 404, "There is no case 987654.", "the page for a case that does not exist"),
            ("/console/no-such-page", 404, "There is nothing at this address.", "the page for an address that does not exist"),
        })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == status, $"{path}: {response.Status}");
            await Expect(page.Locator("main")).ToContainTextAsync(said);
            await Accessibility.AssertNoSeriousViolationsAsync(page, what);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Screenshots_of_the_queue_a_case_its_media_blurred_and_the_stats_are_saved()
    {
        var (rob, rita, sam) = (await console.UserAsync("rob", ApiKeyRole.Reviewer), await console.UserAsync("rita", ApiKeyRole.Reviewer), await console.UserAsync("sam", ApiKeyRole.SeniorReviewer));

        // A morning's work first, through the pages: a claim, a dismissal awaiting a senior, a confirmation.
        var work = await console.NewPageAsync();
        await Browsing.SignInAsync(work, rita);
        await DecideAsync(work, console.Cases[ConsoleStory.ReportedThrice], "#decision-dismiss", "Abstract shapes only: no person is shown.");
        await DecideAsync(work, console.Cases[ConsoleStory.Scam], "#decision-violation", "A scam: it asks for card details for a prize that does not exist.");
        await work.Context.CloseAsync();
        work = await console.NewPageAsync();
        await Browsing.SignInAsync(work, rob);
        await work.GotoAsync($"/console/cases/{console.Cases[ConsoleStory.Sextortion]}");
        await Browsing.PressAsync(work, "c");
        await Expect(work.Locator("#case-state")).ToContainTextAsync($"claimed by {rob}");
        await work.Context.CloseAsync();

        // The senior's view: every queue.
        var page = await console.NewPageAsync();
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => asked.Enqueue(request.Url);
        await Browsing.SignInAsync(page, sam);
        await Expect(page.Locator($"#case-row-{console.Cases[ConsoleStory.ReportedThrice]}")).ToContainTextAsync("senior", new() { IgnoreCase = true });
        await Screenshots.SaveAsync(page, "queue", fullPage: false);

        var top = console.Cases[ConsoleStory.Top];
        await page.GotoAsync($"/console/cases/{top}");
        var media = page.Locator("figure.media-item img.preview").First;
        await Expect(media).ToBeVisibleAsync();
        await Expect(media).ToHaveJSPropertyAsync("complete", true);
        await Expect(page.Locator("img.revealed")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "case", fullPage: false);
        Assert.DoesNotContain(asked, url => url.Contains("view=reveal", StringComparison.Ordinal)); // nothing unblurred was even fetched

        var stats = await page.GotoAsync("/console/stats");
        Assert.True(stats!.Status == 200, $"/console/stats: {stats.Status}");
        await Screenshots.SaveAsync(page, "stats", fullPage: false);
        await page.Context.CloseAsync();
    }

    /// <summary>Opens a case, claims it (c), and decides it with a reason by the button <paramref name="decision"/>.</summary>
    private static async Task DecideAsync(IPage page, long id, string decision, string reason)
    {
        await page.GotoAsync($"/console/cases/{id}");
        await Browsing.PressAsync(page, "c");
        await Expect(page.Locator("#release")).ToBeVisibleAsync();
        await page.Locator("#decision-reason").FillAsync(reason);
        await page.Locator(decision).ClickAsync();
        await Expect(page.Locator("#decide")).ToHaveCountAsync(0);
    }
}
