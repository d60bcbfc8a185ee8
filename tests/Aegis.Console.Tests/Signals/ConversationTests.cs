using System.Text.RegularExpressions;
using Aegis.Console.Tests.Support;
using Aegis.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aegis.Console.Tests.Signals;

/// <summary>
/// A message signal's case in chromium, made through <c>POST /v1/messages</c>: the reviewer reads the conversation as a
/// transcript, the threat marked in words beside a sign, the child's picture a blurred placeholder of hashes only, the
/// child's protection asked for; a ring's case lists the ring's accounts. Each state passes axe.
/// </summary>
public sealed class ConversationTests(SignalConsole console) : IClassFixture<SignalConsole>
{
    [Fact]
    public async Task A_reviewer_reads_a_sextortion_conversation_with_the_threat_marked_and_the_picture_blurred()
    {
        var rita = await console.UserAsync("rita", ApiKeyRole.Reviewer);
        var page = await console.NewPageAsync();
        await Browsing.SignInAsync(page, rita);

        await page.GotoAsync($"/console/cases/{console.Sextortion}");

        var conversation = page.Locator("#conversation-1");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Conversation", Exact = true })).ToBeVisibleAsync();
        await Expect(conversation.GetByRole(AriaRole.Heading, new() { Name = "This case's conversation dm-1" })).ToBeVisibleAsync();
        await Expect(page.Locator("#conversation-1-facts")).ToContainTextAsync("teen-1, declared 13–15, declared minor, not connected");
        await Expect(page.Locator("#conversation-1-protection")).ToHaveTextAsync(
            new Regex("teen-1: protection requested \\(webhook conversation\\.protect_recipient sent\\);\\s+the suspect is not suspended"));

        // The transcript, in order; the threat marked by a sign and its rules in words, not by colour alone.
        var messages = page.Locator("#conversation-1-transcript > li");
        await Expect(messages).ToHaveCountAsync(5);
        await Expect(messages.Locator(".message-text")).ToHaveTextAsync(["how old are you", "13", "send me a pic", SignalConsole.Threat]);
        var threat = messages.Nth(4);
        await Expect(threat).ToHaveIdAsync("conversation-1-message-5");
        await Expect(threat.Locator(".mark-sign")).ToHaveTextAsync("⚑");
        await Expect(threat.GetByRole(AriaRole.List, new() { Name = "Why message m5 is marked" })).ToContainTextAsync(new Regex("matched: threat_to_share — ‘[^’]+’ \\(rule aegis-starter-en@"));
        await Expect(threat).ToContainTextAsync("adult-1 (suspect)");

        // The child's picture: a blurred placeholder (no image at all), its hashes only.
        var picture = messages.Nth(3).Locator(".attachment");
        await Expect(picture).ToContainTextAsync($"attachment (hashes only) md5 {SignalConsole.PictureMd5}");
        await Expect(picture.GetByRole(AriaRole.Img, new() { Name = "Blurred placeholder: the attachment itself is not held" })).ToBeVisibleAsync();
        await Expect(picture.Locator(".attachment-blur")).ToHaveCSSAsync("filter", new Regex("blur\\("));
        await Expect(page.Locator("#conversation img")).ToHaveCountAsync(0);
        await Expect(page.Locator("#ring")).ToHaveCountAsync(0);

        await Accessibility.AssertNoSeriousViolationsAsync(page, "a sextortion case with its conversation");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_rings_case_lists_the_rings_other_accounts_and_says_a_confirmation_suspends_them_all()
    {
        var sam = await console.UserAsync("sam", ApiKeyRole.SeniorReviewer);
        var page = await console.NewPageAsync();
        await Browsing.SignInAsync(page, sam);

        await page.GotoAsync($"/console/cases/{console.Ring}");

        var ring = page.Locator("#ring");
        await Expect(ring.GetByRole(AriaRole.Heading, new() { Name = "The ring (3 accounts)" })).ToBeVisibleAsync();
        await Expect(ring).ToContainTextAsync("Confirming this case suspends every one of them.");
        await Expect(page.Locator("#ring-accounts > li")).ToHaveTextAsync([new Regex("^\\s*scammer-2 \\(conversation ring-2;"), new Regex("^\\s*scammer-3 \\(conversation ring-3;")]);
        await Expect(page.Locator("article.conversation")).ToHaveCountAsync(3);
        await Expect(page.Locator("#conversation-3-facts")).ToContainTextAsync("kid-3, declared 13–15, declared minor");

        await Accessibility.AssertNoSeriousViolationsAsync(page, "a ring's case with its three conversations");
        await page.Context.CloseAsync();
    }
}
