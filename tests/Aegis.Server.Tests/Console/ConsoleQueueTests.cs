using System.Net;
using System.Text.RegularExpressions;
using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// The review queue page over HTTP, on SQLite and PostgreSQL: cases by priority then age, each with why it is there, its
/// SLA and claim; filters by queue and reason; "next case" claims the top case the reviewer may act on, never one
/// another holds; release from the row.
/// </summary>
public abstract partial class ConsoleQueueTests
{
    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task The_queue_lists_cases_by_priority_then_age_with_why_they_are_there_and_filters_by_queue_and_reason()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var general = await desk.ReportAsync("q-general-1", ReportCategory.OtherPolicy);
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var csam = await desk.ReportAsync("q-csam-1", ReportCategory.ChildSexualExploitation);
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var victim = await desk.ReportAsync("q-victim-1", ReportCategory.NonConsensualIntimateImagery, personShown: true);
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var flag = await desk.ReportAsync("q-flag-1", ReportCategory.ChildSexualExploitation, ReportSource.TrustedFlagger);
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var younger = await desk.ReportAsync("q-general-2", ReportCategory.OtherPolicy);

        // Three days on, the normal cases' SLA has run out (the reviewer signs in then: the session's idle time is the clock's too).
        desk.Clock.Advance(TimeSpan.FromDays(3));
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var html = await ReviewDesk.HtmlAsync(rita, "/console/queue");

        Assert.Equal([victim, flag, csam, general, younger], Rows(html));
        Assert.Equal("5 cases", ReviewDesk.ById(html, "queue-count"));
        Assert.Equal("Reveals today: 0", ReviewDesk.ById(html, "reveals-today"));
        var victimRow = Row(html, victim);
        Assert.Contains("reported by the person shown", victimRow, StringComparison.Ordinal);
        Assert.Contains("5 · critical", victimRow, StringComparison.Ordinal);
        Assert.Contains("trusted flagger", Row(html, flag), StringComparison.Ordinal);
        Assert.Contains("child safety", Row(html, csam), StringComparison.Ordinal);
        var breached = Regex.Match(html, $"id=\"case-row-{general}\".*?<time class=\"sla breached\"[^>]*>([^<]+)</time>", RegexOptions.Singleline);
        Assert.True(breached.Success, Row(html, general));
        Assert.StartsWith("breached ", breached.Groups[1].Value, StringComparison.Ordinal);
        Assert.EndsWith(" ago", breached.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains($"href=\"/console/cases/{victim}\"", html, StringComparison.Ordinal);

        Assert.Equal([flag, csam], Rows(await ReviewDesk.HtmlAsync(rita, "/console/queue?queue=child-safety")));
        Assert.Equal([victim, general, younger], Rows(await ReviewDesk.HtmlAsync(rita, "/console/queue?queue=general")));
        Assert.Equal([victim], Rows(await ReviewDesk.HtmlAsync(rita, "/console/queue?reason=person-shown")));
        Assert.Equal([flag], Rows(await ReviewDesk.HtmlAsync(rita, "/console/queue?queue=child-safety&reason=trusted-flagger")));
        var wrong = await ReviewDesk.HtmlAsync(rita, "/console/queue?queue=nope", HttpStatusCode.BadRequest);
        Assert.StartsWith("queue: 'nope' is not a queue", ReviewDesk.ById(wrong, "queue-error"), StringComparison.Ordinal);

        // A reviewer given the general queue alone never sees a child-safety case.
        var gil = await desk.SignInAsync("gil", ApiKeyRole.Reviewer, [ReviewQueue.General]);
        Assert.Equal([victim, general, younger], Rows(await ReviewDesk.HtmlAsync(gil, "/console/queue")));
        Assert.Empty(Rows(await ReviewDesk.HtmlAsync(gil, "/console/queue?queue=child-safety")));
    }

    [Fact]
    public async Task Next_case_claims_the_top_case_nobody_holds_and_opens_it_and_release_gives_it_back()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var low = await desk.ReportAsync("n-general-1", ReportCategory.OtherPolicy);
        var top = await desk.ReportAsync("n-victim-1", ReportCategory.NonConsensualIntimateImagery, personShown: true);
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var rob = await desk.SignInAsync("rob", ApiKeyRole.Reviewer);

        using (var next = await rita.SubmitAsync("/console/queue", new Dictionary<string, string>(), "/console/queue?handler=Next"))
        {
            Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
            Assert.Equal($"/console/cases/{top}", next.Headers.Location!.OriginalString);
        }

        using (var robsNext = await rob.SubmitAsync("/console/queue", new Dictionary<string, string>(), "/console/queue?handler=Next"))
        {
            Assert.Equal($"/console/cases/{low}", robsNext.Headers.Location!.OriginalString);
        }

        Assert.Equal("rita", (await desk.CaseAsync(top))!.ClaimedBy);
        var robsView = await ReviewDesk.HtmlAsync(rob, "/console/queue");
        Assert.Contains("rita since", Row(robsView, top), StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/console/cases/{top}\"", robsView, StringComparison.Ordinal); // held by another: not a link
        Assert.DoesNotContain($"id=\"release-{top}\"", robsView, StringComparison.Ordinal);
        var ritasView = await ReviewDesk.HtmlAsync(rita, "/console/queue");
        Assert.Contains("you since", Row(ritasView, top), StringComparison.Ordinal);
        Assert.Contains($"id=\"release-{top}\"", ritasView, StringComparison.Ordinal);

        // Nothing left for a third reviewer.
        var ana = await desk.SignInAsync("ana", ApiKeyRole.Reviewer);
        using (var none = await ana.SubmitAsync("/console/queue", new Dictionary<string, string>(), "/console/queue?handler=Next"))
        {
            Assert.Equal(HttpStatusCode.OK, none.StatusCode);
            Assert.Equal("There is no case left for you to claim in your queues.", ReviewDesk.ById(await none.Content.ReadAsStringAsync(), "queue-message"));
        }

        using (var release = await rita.SubmitAsync("/console/queue", new Dictionary<string, string> { ["caseId"] = $"{top}" }, "/console/queue?handler=Release"))
        {
            Assert.Equal(HttpStatusCode.Redirect, release.StatusCode);
        }

        Assert.Null((await desk.CaseAsync(top))!.ClaimedBy);
        Assert.Contains("nobody", Row(await ReviewDesk.HtmlAsync(rita, "/console/queue"), top), StringComparison.Ordinal);

        // Releasing what one does not hold is said, not a 500.
        using var notMine = await rita.SubmitAsync("/console/queue", new Dictionary<string, string> { ["caseId"] = $"{low}" }, "/console/queue?handler=Release");
        Assert.Equal(HttpStatusCode.Conflict, notMine.StatusCode);
        Assert.Contains("is not claimed by rita", ReviewDesk.ById(await notMine.Content.ReadAsStringAsync(), "queue-error"), StringComparison.Ordinal);
    }

    /// <summary>The case ids of the queue's rows, in order.</summary>
    private static List<long> Rows(string html) => [.. RowIds().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The text of case <paramref name="id"/>'s row.</summary>
    private static string Row(string html, long id) =>
        ReviewDesk.Text(Regex.Match(html, $"<tr id=\"case-row-{id}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value);

    [GeneratedRegex("<tr id=\"case-row-(\\d+)\">")]
    private static partial Regex RowIds();
}

public sealed class SqliteConsoleQueueTests : ConsoleQueueTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleQueueTests : ConsoleQueueTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
