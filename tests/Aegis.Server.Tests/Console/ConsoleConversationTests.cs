using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// A message signal's case on the case page, on SQLite and PostgreSQL, made through the real API (<c>POST /v1/messages</c>
/// with the platform's key): the conversation as a transcript, the messages the rules matched marked in words, what came
/// before the signal listed by its evidence only, attachments as blurred placeholders, the recipient's protection, and a
/// ring's accounts. Read only by a reviewer who may open the case, under the dossier's audited view. In chromium:
/// <c>Aegis.Console.Tests.ConversationTests</c>.
/// </summary>
public abstract class ConsoleConversationTests
{
    /// <summary>The threat the test's suspects send (a payment demand, then the threat to share).</summary>
    internal const string Threat = "send me $500 in gift cards or I will send your pics to all your followers";

    /// <summary>The ring's script (its members' messages, the child's picture between the second and the third).</summary>
    internal static readonly string[] RingScript =
    [
        "hey cutie you look so mature, add me on snap",
        "send me a pic of you",
        "i have your pics now. pay me 200 dollars in bitcoin or i will send them to your followers",
    ];

    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task A_sextortion_case_shows_its_conversation_marked_with_the_earlier_evidence_the_blurred_attachment_and_the_protection()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        using var platform = await PlatformAsync(desk);
        var at = desk.Clock.GetUtcNow().AddMinutes(-30);

        // Given an adult who asks a declared 13-year-old her age (a batch of its own: before any signal, so its text is not
        // kept), then for a picture, gets one, and threatens to share it unless paid
        var first = await MessagesAsync(platform, Message("dm-1", "m1", "adult-1", "teen-1", at, "hey how old are you"), Message("dm-1", "m2", "teen-1", "adult-1", at.AddMinutes(1), "13"));
        Assert.Empty(first["signals"]!.AsArray());
        var answer = await MessagesAsync(
            platform,
            Message("dm-1", "m3", "adult-1", "teen-1", at.AddMinutes(2), "send me a pic"),
            Message("dm-1", "m4", "teen-1", "adult-1", at.AddMinutes(3), null, attachments: [new { md5 = new string('a', 32) }]),
            Message("dm-1", "m5", "adult-1", "teen-1", at.AddMinutes(4), Threat));
        var caseId = (long)answer["signals"]![0]!["case_id"]!;
        Assert.Equal("sextortion", (string)answer["signals"]![0]!["kind"]!);

        // When a reviewer opens the case
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var html = await ReviewDesk.HtmlAsync(rita, $"/console/cases/{caseId}");

        // Then the conversation: who, the declared minor, what fired, the protection asked for
        var facts = ReviewDesk.ById(html, "conversation-1-facts")!;
        Assert.Contains("adult-1 (not suspended)", facts, StringComparison.Ordinal);
        Assert.Contains("teen-1, declared 13–15, declared minor, not connected", facts, StringComparison.Ordinal);
        Assert.Matches("sextortion by rule \\S+, score [0-9.]+", facts);
        Assert.Equal(
            "teen-1: protection requested (webhook conversation.protect_recipient sent); the suspect is not suspended",
            ReviewDesk.ById(html, "conversation-1-protection"));

        // the kept messages in order, the threat marked with its rules in words, the attachment a blurred placeholder
        var transcript = Element(html, "conversation-1-transcript")!;
        Assert.True(
            transcript.IndexOf("send me a pic", StringComparison.Ordinal) < transcript.IndexOf("attachment (hashes only)", StringComparison.Ordinal)
            && transcript.IndexOf("attachment (hashes only)", StringComparison.Ordinal) < transcript.IndexOf(Threat, StringComparison.Ordinal),
            transcript);
        var threat = Element(html, "conversation-1-message-3")!;
        Assert.Contains(Threat, threat, StringComparison.Ordinal);
        Assert.StartsWith("⚑", threat[(threat.IndexOf(Threat, StringComparison.Ordinal) + Threat.Length)..].Trim(), StringComparison.Ordinal);
        Assert.Contains("matched: threat_to_share — ‘", threat, StringComparison.Ordinal);
        Assert.Contains("matched: payment_demand — ‘", threat, StringComparison.Ordinal);
        Assert.Contains("matched: picture_request — ‘send me a pic", Element(html, "conversation-1-message-1"), StringComparison.Ordinal);
        var picture = Element(html, "conversation-1-message-2")!;
        Assert.Contains($"attachment (hashes only) md5 {new string('a', 32)}", picture, StringComparison.Ordinal);
        Assert.Contains("<span class=\"attachment-blur\" role=\"img\" aria-label=\"Blurred placeholder: the attachment itself is not held\"></span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", Element(html, "conversation")!, StringComparison.Ordinal);

        // and the age question, asked before the signal, by its evidence only
        Assert.Matches("earlier message m1 from adult-1: \\S+ matched ‘how old are you’ \\(age_question\\)", ReviewDesk.ById(html, "conversation-1-earlier"));
        Assert.DoesNotContain("hey how old are you", html, StringComparison.Ordinal);
        Assert.Null(Element(html, "ring"));

        // The conversation's item is not drawn as media (no preview, no reveal): the media section points to the messages.
        Assert.Contains("conversation:dm-1: a conversation, shown in the Conversation section", ReviewDesk.Text(html), StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"media-item", html, StringComparison.Ordinal);

        // The read is the audited view of the case's evidence.
        Assert.Contains(await desk.AuditAsync(), e => e.Action == "evidence.viewed" && e.Subject == $"case:{caseId}" && e.Actor == "rita");
    }

    [Fact]
    public async Task A_ring_of_three_accounts_is_one_case_whose_page_lists_the_rings_accounts_and_a_reader_outside_its_queue_sees_nothing_of_it()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        using var platform = await PlatformAsync(desk);
        var at = desk.Clock.GetUtcNow().AddMinutes(-30);

        // Given three accounts sending one script (a threat to share, a demand in bitcoin) to three different minors
        var cases = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            var (conversation, suspect, child) = ($"ring-{i}", $"scammer-{i}", $"kid-{i}");
            var answer = await MessagesAsync(
                platform,
                Message(conversation, "a", suspect, child, at, RingScript[0]),
                Message(conversation, "b", suspect, child, at.AddMinutes(1), RingScript[1]),
                Message(conversation, "c", child, suspect, at.AddMinutes(2), null, attachments: [new { md5 = $"{i:x2}{new string('b', 30)}" }]),
                Message(conversation, "d", suspect, child, at.AddMinutes(3), RingScript[2]));
            cases.Add((long)answer["signals"]![0]!["case_id"]!);
        }

        // Then they are one case
        Assert.Single(cases.Distinct());
        var caseId = cases[0];

        // When a reviewer opens it: its own conversation first, then the ring's; the ring's other accounts, counted
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var html = await ReviewDesk.HtmlAsync(rita, $"/console/cases/{caseId}");
        Assert.Contains("This case's conversation ring-1", ReviewDesk.ById(html, "conversation-1-heading"), StringComparison.Ordinal);
        Assert.Contains("Ring conversation 1 ring-2", ReviewDesk.ById(html, "conversation-2-heading"), StringComparison.Ordinal);
        Assert.Contains("Ring conversation 2 ring-3", ReviewDesk.ById(html, "conversation-3-heading"), StringComparison.Ordinal);
        var ring = Element(html, "ring")!;
        Assert.Contains("The ring (3 accounts)", ring, StringComparison.Ordinal);
        Assert.Contains("Confirming this case suspends every one of them.", ring, StringComparison.Ordinal);
        Assert.Equal("scammer-2 (conversation ring-2; not suspended) scammer-3 (conversation ring-3; not suspended)", ReviewDesk.ById(html, "ring-accounts"));
        Assert.Contains("kid-3, declared 13–15, declared minor", ReviewDesk.ById(html, "conversation-3-facts"), StringComparison.Ordinal);

        // A reviewer outside the child-safety queue is refused the page, and nothing of the conversations is read for her.
        var gil = await desk.SignInAsync("gil", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        var refused = await ReviewDesk.HtmlAsync(gil, $"/console/cases/{caseId}", HttpStatusCode.Forbidden);
        Assert.DoesNotContain("scammer-2", refused, StringComparison.Ordinal);
        Assert.DoesNotContain(await desk.AuditAsync(), e => e.Action == "evidence.viewed" && e.Subject == $"case:{caseId}" && e.Actor == "gil");

        // Any other case has no conversation section.
        var other = await desk.ReportAsync("plain-1", ReportCategory.OtherPolicy);
        Assert.Null(Element(await ReviewDesk.HtmlAsync(rita, $"/console/cases/{other}"), "conversation"));
    }

    /// <summary>The text of an element by id, its nested elements of the same name included (<see cref="ReviewDesk.ById"/> stops at the first); or null.</summary>
    internal static string? Element(string html, string id)
    {
        var start = Regex.Match(html, $"<(\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>");
        if (!start.Success)
        {
            return null;
        }

        var name = start.Groups[1].Value;
        var depth = 1;
        foreach (Match tag in Regex.Matches(html[(start.Index + start.Length)..], $"<(/?){name}\\b[^>]*>"))
        {
            depth += tag.Groups[1].Value.Length == 0 ? 1 : -1;
            if (depth == 0)
            {
                return ReviewDesk.Text(html.Substring(start.Index + start.Length, tag.Index));
            }
        }

        return null;
    }

    private static async Task<HttpClient> PlatformAsync(ReviewDesk desk) =>
        desk.Server.Client((await desk.Server.Services.GetRequiredService<ApiKeyStore>().CreateAsync("platform", ApiKeyRole.Platform)).Secret);

    private static async Task<JsonNode> MessagesAsync(HttpClient platform, params object[] messages)
    {
        using var response = await platform.PostJsonAsync("/v1/messages", new { messages });
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A direct message between an adult and a declared 13–15-year-old (whichever way), not connected.</summary>
    internal static object Message(string conversation, string id, string sender, string recipient, DateTimeOffset at, string? text, object[]? attachments = null)
    {
        var adultSends = !sender.StartsWith("teen", StringComparison.Ordinal) && !sender.StartsWith("kid", StringComparison.Ordinal);
        return new
        {
            conversation_id = conversation,
            message_id = id,
            sender_id = sender,
            recipient_ids = new[] { recipient },
            sent_at = at,
            text,
            attachments,
            sender = new { age_band = adultSends ? "adult" : "13_15" },
            recipient = new { age_band = adultSends ? "13_15" : "adult" },
        };
    }
}

public sealed class SqliteConsoleConversationTests : ConsoleConversationTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleConversationTests : ConsoleConversationTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
