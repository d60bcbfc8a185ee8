using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Aegis.Core.Reports;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// The stats page over HTTP, on SQLite and PostgreSQL: senior reviewers, curators and admins see six charts drawn on the
/// server as SVG, each with its numbers in a table, from the cases of the period; a reviewer is refused it; a period
/// that cannot be answered is said next to its field with a 400.
/// </summary>
public abstract partial class ConsoleStatsTests
{
    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task A_senior_sees_six_server_drawn_charts_with_tables_counting_the_periods_cases()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        await desk.ReportAsync("st-csam-1", ReportCategory.ChildSexualExploitation);
        await desk.ReportAsync("st-csam-2", ReportCategory.ChildSexualExploitation, personShown: true);
        await desk.ReportAsync("st-spam-1", ReportCategory.OtherPolicy);
        var sam = await desk.SignInAsync("sam", ApiKeyRole.SeniorReviewer);

        var html = await ReviewDesk.HtmlAsync(sam, "/console/stats");

        Assert.Equal(6, SvgCharts().Matches(html).Count);
        foreach (var chart in new[] { "time-to-restrict", "time-to-remove", "open-queue", "cases-opened", "exposure-after-report", "sla-breaches" })
        {
            Assert.Contains($"<section class=\"chart-card\" id=\"{chart}\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", html[html.IndexOf("<main", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var today = desk.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(3, RowTotal(html, "cases-opened", today));
        Assert.Equal(3, RowTotal(html, "open-queue", today));
        Assert.Contains("No data in this period", ReviewDesk.ById(html, "time-to-remove") ?? "", StringComparison.Ordinal); // nothing was removed
        Assert.Contains("aria-current=\"page\">Stats</a>", html, StringComparison.Ordinal);

        // By hour: the same cases, in this hour's row.
        var hourly = await ReviewDesk.HtmlAsync(sam, $"/console/stats?bucket=hour&from={today}&to={today}");
        var hour = desk.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture);
        Assert.Equal(3, RowTotal(hourly, "cases-opened", hour));
    }

    [Fact]
    public async Task Curators_and_admins_see_the_page_and_a_reviewer_is_refused_it_without_a_link_to_it()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var cora = await desk.SignInAsync("cora", ApiKeyRole.Curator);
        var ada = await desk.SignInAsync("ada", ApiKeyRole.Admin);

        await ReviewDesk.HtmlAsync(rita, "/console/stats", HttpStatusCode.Forbidden);
        Assert.DoesNotContain("/console/stats", await ReviewDesk.HtmlAsync(rita, "/console/queue"), StringComparison.Ordinal);
        Assert.Contains("id=\"cases-opened-table\"", await ReviewDesk.HtmlAsync(cora, "/console/stats"), StringComparison.Ordinal);
        Assert.Contains("id=\"cases-opened-table\"", await ReviewDesk.HtmlAsync(ada, "/console/stats"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_sign_in_a_curator_lands_on_the_banks_and_a_reviewer_on_the_queue_unless_a_page_was_asked()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var users = desk.Server.Services.GetRequiredService<UserStore>();
        await users.CreateAsync("cora", ApiKeyRole.Curator, ReviewDesk.Password, "test");
        await users.CreateAsync("rita", ApiKeyRole.Reviewer, ReviewDesk.Password, "test");

        async Task<string> LandingAsync(string name, string signInPage)
        {
            using var browser = new ConsoleClient(desk.Server.Address);
            using var signedIn = await browser.SubmitAsync(signInPage, new Dictionary<string, string> { ["name"] = name, ["password"] = ReviewDesk.Password });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            return signedIn.Headers.Location!.OriginalString;
        }

        Assert.Equal("/console/banks", await LandingAsync("cora", "/console/signin"));
        Assert.Equal("/console/banks", await LandingAsync("cora", "/console/signin?returnUrl=%2Fconsole%2Fqueue"));
        Assert.Equal("/console/stats", await LandingAsync("cora", "/console/signin?returnUrl=%2Fconsole%2Fstats"));
        Assert.Equal("/console/queue", await LandingAsync("rita", "/console/signin"));
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from", "yyyy-MM-dd")]
    [InlineData("?to=yesterday", "to", "yyyy-MM-dd")]
    [InlineData("?bucket=week", "bucket", "a day or an hour")]
    [InlineData("?from=2026-11-20&to=2026-11-10", "from", "is after the last")]
    [InlineData("?bucket=hour&from=2026-10-01&to=2026-11-30", "from", "at most 400")]
    [InlineData("?from=1969-12-31&to=1970-01-05", "from", "from 1970")]
    public async Task A_period_that_cannot_be_answered_is_said_next_to_its_field_with_a_400_and_nothing_drawn(string query, string field, string message)
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var sam = await desk.SignInAsync("sam", ApiKeyRole.SeniorReviewer);

        var html = await ReviewDesk.HtmlAsync(sam, "/console/stats" + query, HttpStatusCode.BadRequest);

        Assert.Contains(message, ReviewDesk.ById(html, $"{field}-error") ?? "(no error)", StringComparison.Ordinal);
        Assert.Contains($"aria-describedby=\"{field}-error\"", html.Replace("bucket-hint ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(SvgCharts().Matches(html));
    }

    /// <summary>The sum of a chart table's numbers in the row for <paramref name="category"/> ("no data" counts nothing).</summary>
    private static double RowTotal(string html, string chart, string category)
    {
        var table = Regex.Match(html, $"<table id=\"{Regex.Escape(chart)}-table\">(.*?)</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table for {chart}");
        var row = Regex.Match(table.Groups[1].Value, $"<tr><th scope=\"row\">{Regex.Escape(category)}</th>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row {category} in {chart}: {ReviewDesk.Text(table.Value)[..Math.Min(400, table.Value.Length)]}");
        return Regex.Matches(row.Groups[1].Value, "<td>([^<]*)</td>")
            .Select(m => double.TryParse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Sum();
    }

    [GeneratedRegex("<svg[^>]*role=\"img\"")]
    private static partial Regex SvgCharts();
}

public sealed class SqliteConsoleStatsTests : ConsoleStatsTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleStatsTests : ConsoleStatsTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
