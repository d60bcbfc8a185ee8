using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    [Fact]
    public async Task Console_stats_answer_senior_reviewers_curators_and_admins_bucket_by_bucket()
    {
        // Given a child-safety report (restricted at once) on this test's item
        var id = NewName("stats");
        await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "child_sexual_exploitation" });
        var now = DateTimeOffset.UtcNow;
        string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var path = $"/v1/stats/console?from={Utc(now.AddHours(-3))}&to={Utc(now.AddHours(1))}&bucket=HOUR";

        // When those who oversee the queue ask for the last hours
        using var senior = Fixture.Server.Client(Fixture.SeniorReviewer);
        foreach (var client in new[] { senior, Curator, Admin })
        {
            var stats = await (await client.GetAsync(path)).JsonAsync(HttpStatusCode.OK);

            // Then each hour from the one 3 hours ago to the next comes back, and the report's case is among them
            // (other tests' cases too: the server is shared).
            Assert.Equal("hour", (string)stats["bucket"]!);
            var buckets = stats["buckets"]!.AsArray();
            Assert.InRange(buckets.Count, 4, 5);
            Assert.All(buckets, b => Assert.Equal(TimeSpan.FromHours(1), (DateTimeOffset)b!["end"]! - (DateTimeOffset)b!["start"]!));
            Assert.True(buckets.Sum(b => Count(b!["opened"]!, "child_safety")) >= 1);
            Assert.Contains(buckets, b => b!["seconds_to_restrict"] is { } restrict && (int)restrict["count"]! >= 1);
            Assert.Contains(buckets, b => b!["open_at_end"] is { } open && Count(open, "child_safety") >= 1);
            Assert.NotNull(buckets[0]!["exposure_after_report"]!["views"]);
        }

        // And the default is the last 30 days by day; reviewers, the platform and flaggers may not ask
        var days = await (await Admin.GetAsync("/v1/stats/console")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("day", (string)days["bucket"]!);
        Assert.InRange(days["buckets"]!.AsArray().Count, 30, 31);
        Assert.Equal(HttpStatusCode.Forbidden, (await Reviewer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Platform.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Flagger.GetAsync(path)).StatusCode);
    }

    public static TheoryData<string, string> BadStatsRequests => new()
    {
        // query, a fragment of the detail
        { "from=2026-11-05&to=2026-11-01", "from (2026-11-05T00:00:00Z) must be before to (2026-11-01T00:00:00Z)" },
        { "from=2026-11-01&to=2026-11-01", "must be before to" },
        { "from=2026-01-01&to=2026-03-01&bucket=hour", "1,416 buckets of one hour; at most 400 fit in one answer: ask for a shorter period, or bucket=day" },
        { "from=2020-01-01&to=2026-01-01", "2,192 buckets of one day; at most 400" },
        { "bucket=week", "bucket is day or hour; got 'week'" },
        { "from=yesterday", "from must be an ISO 8601 time" },
        { "to=soon", "to must be an ISO 8601 time" },
        { "from=2026-11-01T10:00:00+02:00", "got '2026-11-01T10:00:00 02:00'. (A '+' in a query is read as a space: send it as %2B.)" },
        { "from=0001-01-01&to=2026-01-01", "from must lie between 1970-01-01T00:00:00Z and 9000-01-01T00:00:00Z" },
        { "to=1969-12-31", "to must lie between" },
        { "from=9999-12-31", "from must lie between" },
    };

    [Theory]
    [MemberData(nameof(BadStatsRequests))]
    public async Task Console_stats_refuse_a_bad_period_with_a_400_naming_the_field(string query, string detail)
    {
        var response = await Admin.GetAsync("/v1/stats/console?" + query);

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private static int Count(JsonNode levels, string level) => levels.AsArray().Where(l => (string)l!["level"]! == level).Sum(l => (int)l!["count"]!);
}
