using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>Exchanges fetched by a real server from a paged fake feed, on SQLite and PostgreSQL.</summary>
public abstract class ExchangeTests : ExchangeTestsBase
{
    [Fact]
    public async Task Pages_are_applied_in_order_a_deletion_disables_and_every_match_says_where_its_hash_came_from()
    {
        // Given three pages: two records, then a new one and a deletion, then a record's category changed and one more
        Feed.Pages.Add([FakeFeed.Record("r1", "member-1", "A2", Pdq(1), Md5(2)), FakeFeed.Record("r2", "member-2", "B1", Pdq(3))]);
        Feed.Pages.Add([FakeFeed.Record("r3", "member-1", "A1", Pdq(4)), FakeFeed.Record("r2", null, null)]);
        Feed.Pages.Add([FakeFeed.Record("r1", "member-1", "A1", Pdq(1), Md5(2)), FakeFeed.Record("r4", "member-3", "B2", Md5(5))]);
        var server = await StartServerAsync();
        using var admin = server.Client(Admin);
        using var platform = server.Client(Platform);

        // When the exchange is configured
        await CreateFeedExchangeAsync(admin, "feed", "feed-bank");
        var status = await StatusUntilAsync(admin, "feed", s => s["last_success_at"] is not null, "the first run of 'feed' to succeed");

        // Then each page was asked for once, and the run did what the pages say
        Assert.Equal(["0", "1", "2"], Feed.Requests.Keys.Order(StringComparer.Ordinal));
        Assert.All(Feed.Requests.Values, n => Assert.Equal(1, n));
        Assert.Equal("ok", (string)status["state"]!);
        Assert.Equal((6L, 5L, 2L, 1L), (Long(status, "total.records"), Long(status, "total.added"), Long(status, "total.updated"), Long(status, "total.removed")));
        var bank = await (await admin.GetAsync("/v1/banks/feed-bank")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((4L, 5L), (Long(bank, "enabled_entries"), Long(bank, "total_entries")));

        // And a match says which exchange, entry, member and category the hash came from; the deleted hash matches nothing
        var match = Assert.Single(await LookupAsync(platform, pdq: Pdq(1).Item2));
        Assert.Equal("feed-bank", (string)match!["bank"]!);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"exchange": "feed", "entry_id": "id-r1", "member": "member-1", "category": "A1"}"""), match["source"]),
            match.ToJsonString());
        Assert.Empty(await LookupAsync(platform, pdq: Pdq(3).Item2));

        // And so do HMA's lookup (as HMA gives bank content metadata) and the case the gate opens on it (its dossier)
        var hma = await (await platform.GetAsync($"/m/lookup?signal_type=pdq&signal={Pdq(1).Item2}")).JsonAsync(HttpStatusCode.OK);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"exchange": "feed", "entry_id": "id-r1", "member": "member-1", "category": "A1"}"""), hma["feed-bank"]![0]!["metadata"]!["json"]),
            hma.ToJsonString());
        var blocked = await (await platform.PostJsonAsync("/v1/lookup", new { content_id = "post-from-feed", md5 = Md5(5).Item2 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string)blocked["verdict"]!);
        var dossier = await (await admin.GetAsync($"/v1/cases/{(long)blocked["case_id"]!}/dossier")).JsonAsync(HttpStatusCode.OK);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"exchange": "feed", "entry_id": "id-r4", "member": "member-3", "category": "B2"}"""), dossier["matches"]![0]!["provenance"]),
            dossier["matches"]!.ToJsonString());

        // And the run is one audit entry with its counts
        await using var store = await BankStore.OpenAsync(Database.Options);
        var fetched = Assert.Single(await AuditAsync(store, "exchange.fetched"));
        var data = JsonNode.Parse(fetched.Data)!;
        Assert.Equal((3L, 6L, 5L, "done"), (Long(data, "pages"), Long(data, "records"), Long(data, "added"), (string)data["outcome"]!));
        Assert.Single(await AuditAsync(store, "exchange.created"));
    }

    [Fact]
    public async Task An_error_mid_run_is_retried_from_the_checkpoint_without_losing_or_repeating_a_page()
    {
        for (var page = 0; page < 4; page++)
        {
            Feed.Pages.Add([FakeFeed.Record($"p{page}-a", "m", "A1", Pdq(100 + page)), FakeFeed.Record($"p{page}-b", "m", "A2", Md5(200 + page))]);
        }

        Feed.Fail("2");
        var server = await StartServerAsync();
        using var admin = server.Client(Admin);

        await CreateFeedExchangeAsync(admin, "flaky", "flaky-bank");

        // The run fails at page 2 with the two pages before it applied, and is tried again from page 2
        var done = await StatusUntilAsync(admin, "flaky", s => s["last_success_at"] is not null, "'flaky' to succeed after its failure");
        Assert.Equal(1, Feed.Requests["0"]);
        Assert.Equal(1, Feed.Requests["1"]);
        Assert.Equal(2, Feed.Requests["2"]);
        Assert.Equal(1, Feed.Requests["3"]);
        Assert.Equal((8L, 8L, 0L), (Long(done, "total.records"), Long(done, "total.added"), Long(done, "consecutive_failures")));
        var bank = await (await admin.GetAsync("/v1/banks/flaky-bank")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((8L, 8L), (Long(bank, "enabled_entries"), Long(bank, "total_entries")));

        await using var store = await BankStore.OpenAsync(Database.Options);
        var runs = (await AuditAsync(store, "exchange.fetched")).Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.Equal(["failed", "done"], runs.Select(r => (string)r["outcome"]!));
        Assert.Contains("503", (string)runs[0]["error"]!, StringComparison.Ordinal);
        Assert.Equal((2L, 2L), (Long(runs[0], "pages"), Long(runs[1], "pages")));
    }

    [Fact]
    public async Task Configuring_exchanges_is_for_curators_and_every_refusal_names_its_field()
    {
        var server = await StartServerAsync();
        using var admin = server.Client(Admin);
        using var platform = server.Client(Platform);
        await (await admin.PostJsonAsync("/v1/banks", new { name = "api-bank" })).JsonAsync(HttpStatusCode.Created);

        var apis = await (await admin.GetAsync("/v1/exchanges/apis")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(apis.AsArray(), a => (string)a!["name"]! == "file" && a["settings"]!.AsArray().Any(f => (string)f!["name"]! == "url"));
        Assert.Contains(apis.AsArray(), a => (string)a!["name"]! == "test_feed");

        Assert.Equal(HttpStatusCode.Forbidden, (await platform.GetAsync("/v1/exchanges")).StatusCode);
        await Refused(admin, new { name = "x1", api = "nope", bank = "api-bank" }, HttpStatusCode.BadRequest, "api: 'nope' is not an exchange API");
        await Refused(admin, new { name = "x1", api = "file", bank = "no-such-bank", settings = new { url = "https://example.org/list.txt" } }, HttpStatusCode.BadRequest, "bank:");
        await Refused(admin, new { name = "x1", api = "file", bank = "api-bank", settings = new { url = "ftp://example.org/x" } }, HttpStatusCode.BadRequest, "settings.url");
        await Refused(admin, new { name = "x1", api = "file", bank = "api-bank", settings = new { filename = "/etc/passwd" } }, HttpStatusCode.BadRequest, "settings.filename");
        await Refused(admin, new { name = "bad name", api = "file", bank = "api-bank" }, HttpStatusCode.BadRequest, "name:");
        await Refused(admin, new { name = "x1", api = "file", bank = "api-bank", settings = new { url = "https://example.org/l.txt" }, schedule_minutes = 0 }, HttpStatusCode.BadRequest, "schedule_minutes");

        var created = await (await admin.PostJsonAsync("/v1/exchanges", new { name = "x1", api = "file", bank = "api-bank", settings = new { url = "https://example.org/l.txt" }, enabled = false }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal((false, false), ((bool)created["enabled"]!, (bool)created["has_credentials"]!));
        await Refused(admin, new { name = "x1", api = "file", bank = "api-bank", settings = new { url = "https://example.org/l.txt" } }, HttpStatusCode.Conflict, "already exists");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/exchanges/nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/v1/exchanges/x1/fetch", null)).StatusCode); // disabled
        var patched = await (await admin.PatchAsync("/v1/exchanges/x1", System.Net.Http.Json.JsonContent.Create(new { schedule_minutes = 15 }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(15, (int)patched["schedule_minutes"]!);
        var removed = await (await admin.DeleteAsync("/v1/exchanges/x1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0L, Long(removed, "entries_disabled"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/exchanges/x1")).StatusCode);
    }

    private static async Task Refused(HttpClient client, object body, HttpStatusCode status, string detail)
    {
        using var response = await client.PostJsonAsync("/v1/exchanges", body);
        var problem = await response.JsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    protected static Task<List<AuditEntry>> AuditAsync(BankStore store, string action) => ExchangeTestsAudit.ActionsAsync(store, action);
}

public sealed class SqliteExchangeTests : ExchangeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresExchangeTests : ExchangeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
