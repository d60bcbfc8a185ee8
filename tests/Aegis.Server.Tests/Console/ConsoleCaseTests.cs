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
/// The case page over HTTP, on SQLite and PostgreSQL: who may open a case and its media (decided as read, whatever the
/// address typed), where it stands in one sentence, decisions with the two-person rule, refusals said on the page, and
/// antiforgery on every action. The media and reveals: <see cref="ConsoleMediaTests"/>.
/// </summary>
public abstract partial class ConsoleCaseTests
{
    private static readonly byte[] Bridge = File.ReadAllBytes(Support.Api.Image("bridge.jpg"));

    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task A_reviewer_is_refused_a_case_outside_their_queues_or_held_by_another_and_its_media_even_by_address()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var csam = await desk.ReportAsync("a-csam-1", ReportCategory.ChildSexualExploitation);
        var csamMedia = await desk.EvidenceAsync(csam, "a-csam-1", Bridge, "image/jpeg");
        var general = await desk.ReportAsync("a-general-1", ReportCategory.OtherPolicy);
        var generalMedia = await desk.EvidenceAsync(general, "a-general-1", Images.Unrelated(7), "image/png");
        var gil = await desk.SignInAsync("gil", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        var rob = await desk.SignInAsync("rob", ApiKeyRole.Reviewer);
        var ana = await desk.SignInAsync("ana", ApiKeyRole.Reviewer);

        // Outside gil's queues: the page and its media are refused with the reason, and nothing of it is audited as viewed.
        var outside = await ReviewDesk.HtmlAsync(gil, $"/console/cases/{csam}", HttpStatusCode.Forbidden);
        Assert.Contains("is in the child-safety queue, which is not one of yours (yours: general)", ReviewDesk.Text(outside), StringComparison.Ordinal);
        await ReviewDesk.HtmlAsync(gil, $"/console/cases/{csam}/media/{csamMedia}", HttpStatusCode.Forbidden);
        await ReviewDesk.HtmlAsync(gil, $"/console/cases/{general}", HttpStatusCode.OK);

        // Held by rob: ana is refused the page and the media, and may not claim it either.
        using (var claim = await rob.SubmitAsync($"/console/cases/{csam}", new Dictionary<string, string>(), $"/console/cases/{csam}?handler=Claim"))
        {
            Assert.Equal(HttpStatusCode.Redirect, claim.StatusCode);
        }

        var held = await ReviewDesk.HtmlAsync(ana, $"/console/cases/{csam}", HttpStatusCode.Forbidden);
        Assert.Contains($"Case {csam} is claimed by rob until", ReviewDesk.Text(held), StringComparison.Ordinal);
        await ReviewDesk.HtmlAsync(ana, $"/console/cases/{csam}/media/{csamMedia}", HttpStatusCode.Forbidden);
        using (var grab = await ana.SubmitAsync("/console/queue", new Dictionary<string, string>(), $"/console/cases/{csam}?handler=Claim"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, grab.StatusCode);
        }

        Assert.Equal("rob", (await desk.CaseAsync(csam))!.ClaimedBy);
        Assert.DoesNotContain(await desk.AuditAsync(), e => e.Action == "evidence.viewed" && e.Subject == $"case:{csam}" && e.Actor is "gil" or "ana");

        // No such case, and a case's address with another case's media: 404.
        var missing = await ReviewDesk.HtmlAsync(ana, "/console/cases/987654", HttpStatusCode.NotFound);
        Assert.Contains("There is no case 987654.", ReviewDesk.Text(missing), StringComparison.Ordinal);
        await ReviewDesk.HtmlAsync(rob, $"/console/cases/{general}/media/{csamMedia}", HttpStatusCode.NotFound);
        await ReviewDesk.HtmlAsync(rob, $"/console/cases/{csam}/media/{generalMedia}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reviewers_dismissal_awaits_a_senior_who_confirms_it_B1_and_refusals_are_said_on_the_page()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var id = await desk.ReportAsync("d-csam-1", ReportCategory.ChildSexualExploitation, text: "a child in this picture");
        await desk.EvidenceAsync(id, "d-csam-1", Bridge, "image/jpeg");
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var ana = await desk.SignInAsync("ana", ApiKeyRole.Reviewer);
        var sam = await desk.SignInAsync("sam", ApiKeyRole.SeniorReviewer);
        var page = $"/console/cases/{id}";

        var before = await ReviewDesk.HtmlAsync(rita, page);
        Assert.Equal("Open; awaiting a reviewer.", ReviewDesk.ById(before, "case-state"));
        Assert.Contains("a child in this picture", ReviewDesk.ById(before, "reports"), StringComparison.Ordinal);
        foreach (var element in new[] { "claim", "next-case", "decision-dismiss", "decision-confirm", "classification-B1", "decision-reason", "shortcuts" })
        {
            Assert.Contains($"id=\"{element}\"", before, StringComparison.Ordinal);
        }

        Assert.Null((await desk.CaseAsync(id))!.ClaimedBy); // opening a case does not claim it
        using (var claim = await rita.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=Claim"))
        {
            Assert.Equal(page, claim.Headers.Location!.OriginalString);
        }

        Assert.StartsWith("Open; claimed by rita until", ReviewDesk.ById(await ReviewDesk.HtmlAsync(rita, page), "case-state"), StringComparison.Ordinal);
        using (var dismiss = await rita.SubmitAsync(page, Decision("dismiss", "a drawing, not a child"), $"{page}?handler=Decide"))
        {
            Assert.Equal(HttpStatusCode.Redirect, dismiss.StatusCode);
        }

        // Rita reads it still (she decided it), and may do nothing more with it; another reviewer may not even read it.
        var after = await ReviewDesk.HtmlAsync(rita, page);
        Assert.Equal("Dismissed by rita; awaiting a senior reviewer.", ReviewDesk.ById(after, "case-state"));
        Assert.StartsWith("Read only:", ReviewDesk.ById(after, "case-access"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"decision-dismiss\"", after, StringComparison.Ordinal);
        using (var again = await rita.SubmitAsync(page, Decision("dismiss", "still a drawing"), $"{page}?handler=Decide"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        }

        var outside = await ReviewDesk.HtmlAsync(ana, page, HttpStatusCode.Forbidden);
        Assert.Contains("senior queue, which is not one of yours", ReviewDesk.Text(outside), StringComparison.Ordinal);

        // The senior: a confirmation without its classification, or without a reason, is refused on the page.
        using (var noClass = await sam.SubmitAsync(page, Decision("confirm-csam", "it is a child"), $"{page}?handler=Decide"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noClass.StatusCode);
            Assert.Contains("needs NCMEC's classification", ReviewDesk.ById(await noClass.Content.ReadAsStringAsync(), "case-error"), StringComparison.Ordinal);
        }

        using (var noReason = await sam.SubmitAsync(page, Decision("confirm-csam", "", "B1"), $"{page}?handler=Decide"))
        {
            var html = await noReason.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Contains("A decision needs a reason", ReviewDesk.ById(html, "case-error"), StringComparison.Ordinal);
            Assert.Matches("id=\"classification-B1\"[^>]*checked", html); // the choice is kept
        }

        Assert.Equal(CaseState.AwaitingSecondReview, (await desk.CaseAsync(id))!.State);
        using (var confirm = await sam.SubmitAsync(page, Decision("confirm-csam", "a real child: B1", "B1"), $"{page}?handler=Decide"))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        }

        var confirmed = await desk.CaseAsync(id);
        Assert.Equal(CaseState.Confirmed, confirmed!.State);
        Assert.Equal(NcmecClassification.B1, confirmed.Decisions[^1].Classification);
        var closed = await ReviewDesk.HtmlAsync(sam, page);
        Assert.StartsWith("Dismissed by rita, then confirmed B1 by sam", ReviewDesk.ById(closed, "case-state"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"decision-confirm\"", closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var id = await desk.ReportAsync("x-general-1", ReportCategory.OtherPolicy);
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);

        using var claim = await rita.PostAsync($"/console/cases/{id}?handler=Claim", new Dictionary<string, string>(), token: null);
        using var decide = await rita.PostAsync($"/console/cases/{id}?handler=Decide", Decision("dismiss", "fine"), token: null);
        using var next = await rita.PostAsync("/console/queue?handler=Next", new Dictionary<string, string>(), token: null);
        using var forged = await rita.PostAsync($"/console/cases/{id}?handler=Decide", Decision("dismiss", "fine"), token: "CfDJ8forged");

        Assert.All(new[] { claim, decide, next, forged }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var c = await desk.CaseAsync(id);
        Assert.Equal((CaseState.Open, null, 0), (c!.State, c.ClaimedBy, c.Decisions.Count));
    }

    [Fact]
    public async Task The_page_shows_the_dossier_beside_the_media()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var id = await desk.ReportAsync("s-victim-1", ReportCategory.NonConsensualIntimateImagery, personShown: true, minor: true, text: "this is me at 16");
        var media = await desk.EvidenceAsync(id, "s-victim-1", Bridge, "image/jpeg");
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);

        var html = await ReviewDesk.HtmlAsync(rita, $"/console/cases/{id}");

        var reports = ReviewDesk.ById(html, "reports")!;
        Assert.Contains("the person shown user-9", reports, StringComparison.Ordinal);
        Assert.Contains("says they are the person shown; says the person shown was under 18", reports, StringComparison.Ordinal);
        Assert.Contains("this is me at 16", reports, StringComparison.Ordinal);
        Assert.Contains("No bank match.", ReviewDesk.ById(html, "matches"), StringComparison.Ordinal);
        Assert.Contains("None: the case is not confirmed, or not reportable.", ReviewDesk.ById(html, "cybertip-state"), StringComparison.Ordinal);
        Assert.Contains("report.received", ReviewDesk.ById(html, "timeline"), StringComparison.Ordinal);
        Assert.Contains($"<img class=\"preview\" src=\"/console/cases/{id}/media/{media}?view=preview\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"reveal-{media}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-key=\"v\"", html, StringComparison.Ordinal);
        Assert.Matches("<main id=\"main\" tabindex=\"-1\" data-break-minutes=\"50\">", html);
        Assert.DoesNotMatch(Inline(), html); // the CSP allows no inline script or style
    }

    [Fact]
    public async Task A_match_on_an_exchanges_entry_says_on_the_page_which_exchange_and_entry_it_came_from()
    {
        await using var database = await DatabaseAsync();
        var lists = Directory.CreateTempSubdirectory("aegis-lists-");
        try
        {
            await using var desk = await ReviewDesk.StartAsync(database, o => (o.Exchanges.FileRoot, o.Exchanges.PollSeconds) = (lists.FullName, 1));
            var keys = desk.Server.Services.GetRequiredService<ApiKeyStore>();
            using var admin = desk.Server.Client((await keys.CreateAsync("admin", ApiKeyRole.Admin)).Secret);
            using var platform = desk.Server.Client((await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret);
            const string Query = "/v1/media?uploader_id=acct-7&uploaded_at=2026-12-05T10:00:00Z&content_id=";
            var first = await (await platform.PostBytesAsync(Query + "bridge-1", Bridge)).JsonAsync(HttpStatusCode.OK);

            // Given a list exchange (a stand-in list of one benign image's PDQ) filling a hold bank
            var list = Path.Combine(lists.FullName, "stand-in.txt");
            await File.WriteAllTextAsync(list, $"pdq {(string)first["hashes"]!["pdq"]!}\n");
            await (await admin.PostJsonAsync("/v1/banks", new { name = "listed", action = "hold" })).JsonAsync(HttpStatusCode.Created);
            await (await admin.PostJsonAsync("/v1/exchanges", new { name = "stand-in-list", api = "file", bank = "listed", settings = new { filename = list } }))
                .JsonAsync(HttpStatusCode.Created);
            JsonNode? held = null;
            await Waits.UntilAsync(
                async () => (string)(held = await (await platform.PostBytesAsync(Query + $"bridge-{Guid.NewGuid():N}", Bridge)).JsonAsync(HttpStatusCode.OK))["verdict"]! == "hold",
                "an upload of the listed image to be held");

            // When a senior reviewer opens the case the gate opened
            var sam = await desk.SignInAsync("sam", ApiKeyRole.SeniorReviewer);
            var html = await ReviewDesk.HtmlAsync(sam, $"/console/cases/{(long)held!["case_id"]!}");

            // Then the match says which exchange and which of its entries the hash came from
            var matches = ReviewDesk.Text(ReviewDesk.ById(html, "matches")!);
            Assert.Matches("listed \\(hold\\) entry [0-9]+ from exchange stand-in-list, its entry ", matches);
        }
        finally
        {
            lists.Delete(recursive: true);
        }
    }

    internal static Dictionary<string, string> Decision(string kind, string reason, string? classification = null)
    {
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["reason"] = reason };
        if (classification is not null)
        {
            fields["classification"] = classification;
        }

        return fields;
    }

    [GeneratedRegex("<script>|<script [^>]*>[^<]|\\sstyle=\"|\\son[a-z]+=\"")]
    private static partial Regex Inline();
}

public sealed class SqliteConsoleCaseTests : ConsoleCaseTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleCaseTests : ConsoleCaseTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
