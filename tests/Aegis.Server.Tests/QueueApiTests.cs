using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

/// <summary>
/// <c>GET /v1/queue</c> and <c>POST /v1/queue/next</c> for reviewer keys, on SQLite and PostgreSQL; each class has a server
/// and database of its own, since the queue is every case.
/// </summary>
public abstract class QueueApiTests(ServerFixture fixture)
{
    private HttpClient Platform => fixture.Server.Client(fixture.Platform);

    private HttpClient Reviewer => fixture.Server.Client(fixture.Reviewer);

    private HttpClient Senior => fixture.Server.Client(fixture.SeniorReviewer);

    private async Task<long> ReportAsync(string contentId, string category, bool subject = false) =>
        (long)(await (await Platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { contentId }, category, reporter_is_subject = subject }))
            .JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;

    private static async Task<JsonNode> GetAsync(HttpClient client, string path) => await (await client.GetAsync(path)).JsonAsync(HttpStatusCode.OK);

    private static long[] Ids(JsonNode page) => [.. page["items"]!.AsArray().Select(i => (long)i!["id"]!)];

    [Fact]
    public async Task A_reviewer_key_reads_its_queues_by_priority_with_reasons_and_claims_the_next_case_until_none_is_left()
    {
        // Given a child-safety case, an ordinary one and one the person shown reported (the highest priority)
        var child = await ReportAsync("q-child", "child_sexual_exploitation");
        var ordinary = await ReportAsync("q-ordinary", "other_policy");
        var shown = await ReportAsync("q-shown", "non_consensual_intimate_imagery", subject: true);

        // When the reviewer reads the queue
        var page = await GetAsync(Reviewer, "/v1/queue");

        // Then it is in priority order, each with its queue, reasons, SLA and exposure (enums in snake_case, as everywhere in the API)
        Assert.Equal([shown, child, ordinary], Ids(page));
        Assert.Equal(3, (int)page["total"]!);
        var top = page["items"]![0]!;
        Assert.Equal(("general", "critical", "open", true), ((string)top["queue"]!, (string)top["level"]!, (string)top["state"]!, (bool)top["can_act"]!));
        Assert.Equal(["person_shown", "user_report"], top["reasons"]!.AsArray().Select(r => (string)r!));
        Assert.Equal("child_safety", (string)page["items"]![1]!["queue"]!);
        Assert.False((bool)top["sla_breached"]!);
        Assert.NotNull(top["due_at"]);
        Assert.Equal(0, (long)top["views_at_first_report"]!);
        Assert.Null(top["claimed_by"]);

        // Filtered by queue and reason (by wire name, or as the JSON writes it), paged
        Assert.Equal([shown, ordinary], Ids(await GetAsync(Reviewer, "/v1/queue?queue=general")));
        Assert.Equal([child], Ids(await GetAsync(Reviewer, "/v1/queue?queue=child_safety")));
        Assert.Equal([shown], Ids(await GetAsync(Reviewer, "/v1/queue?reason=person-shown")));
        var second = await GetAsync(Reviewer, "/v1/queue?limit=1&offset=1");
        Assert.Equal([child], Ids(second));
        Assert.Equal(3, (int)second["total"]!);

        // When the reviewer claims next three times, then a fourth
        var claimed = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var next = await (await Reviewer.PostAsync("/v1/queue/next", null)).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("reviewer-ana", (string)next["claimed_by"]!);
            claimed.Add((long)next["id"]!);
        }

        var none = await Reviewer.PostAsync("/v1/queue/next", null);

        // Then it got each case once, highest first, and nothing after; the queue shows when each was claimed
        Assert.Equal([shown, child, ordinary], claimed);
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        var after = await GetAsync(Reviewer, "/v1/queue");
        Assert.All(after["items"]!.AsArray(), i => Assert.Equal("reviewer-ana", (string)i!["claimed_by"]!));
        Assert.All(after["items"]!.AsArray(), i => Assert.NotNull(i!["claimed_at"]));
        Assert.Equal(HttpStatusCode.NoContent, (await Senior.PostAsync("/v1/queue/next", null)).StatusCode); // all held by the reviewer
    }

    [Fact]
    public async Task A_dismissed_child_safety_case_moves_to_the_senior_queue_read_only_for_the_reviewer_who_dismissed_it()
    {
        var child = await ReportAsync("q-dismissed", "sextortion");

        await (await Reviewer.PostJsonAsync($"/v1/cases/{child}/decisions", new { kind = "dismiss", reason = "nothing there" })).JsonAsync(HttpStatusCode.OK);

        var reviewers = (await GetAsync(Reviewer, "/v1/queue?queue=senior"))["items"]!.AsArray().Single()!;
        Assert.Equal((child, "senior", "awaiting_second_review", false), ((long)reviewers["id"]!, (string)reviewers["queue"]!, (string)reviewers["state"]!, (bool)reviewers["can_act"]!));
        Assert.Contains("a senior reviewer other than reviewer-ana", (string)reviewers["why"]!, StringComparison.Ordinal);
        var seniors = (await GetAsync(Senior, "/v1/queue?queue=senior"))["items"]!.AsArray().Single()!;
        Assert.True((bool)seniors["can_act"]!);
        Assert.Null(seniors["why"]);
        var next = await (await Senior.PostAsync("/v1/queue/next?queue=senior", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((child, "senior-ben"), ((long)next["id"]!, (string)next["claimed_by"]!));

        // Once the senior agrees, the case is closed and leaves every queue
        await (await Senior.PostJsonAsync($"/v1/cases/{child}/decisions", new { kind = "dismiss", reason = "agreed" })).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(Ids(await GetAsync(Reviewer, "/v1/queue?queue=senior")));
        Assert.Empty(Ids(await GetAsync(Senior, "/v1/queue?queue=senior")));
    }

    [Fact]
    public async Task Bad_filters_are_a_400_naming_the_field_and_keys_that_review_nothing_are_refused()
    {
        var queue = await (await Reviewer.GetAsync("/v1/queue?queue=seniors")).JsonAsync(HttpStatusCode.BadRequest);
        var reason = await (await Reviewer.PostAsync("/v1/queue/next?reason=victim", null)).JsonAsync(HttpStatusCode.BadRequest);
        var limit = await (await Reviewer.GetAsync("/v1/queue?limit=0")).JsonAsync(HttpStatusCode.BadRequest);
        var notNumber = await (await Reviewer.GetAsync("/v1/queue?offset=first")).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("queue: 'seniors' is not a queue; the queues are child-safety, general, senior, appeals.", (string)queue["detail"]!);
        Assert.StartsWith("reason: 'victim' is not a reason", (string)reason["detail"]!, StringComparison.Ordinal);
        Assert.Contains("limit", (string)limit["detail"]!, StringComparison.Ordinal);
        Assert.Contains("offset", (string)notNumber["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Platform.GetAsync("/v1/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Server.Client(fixture.Curator).PostAsync("/v1/queue/next", null)).StatusCode);
    }
}

[Collection("sqlite-server")]
public sealed class SqliteQueueApiTests(SqliteServerFixture fixture) : QueueApiTests(fixture), IClassFixture<SqliteServerFixture>;

[Collection("postgres-server")]
public sealed class PostgresQueueApiTests(PostgresServerFixture fixture) : QueueApiTests(fixture), IClassFixture<PostgresServerFixture>;
