using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>
/// Two real Aegis servers, each on its own database: a publisher (PostgreSQL) whose confirmations go into its hash feed, and
/// a subscriber (SQLite) fetching that feed as an <c>aegis</c> exchange. The pictures are benign stand-ins.
/// </summary>
public sealed class HashFeedTests : IAsyncLifetime
{
    private const string Publisher = "platform-a";
    private readonly List<IAsyncDisposable> _owned = [];
    private TestDatabase _publisherDb = null!;
    private TestDatabase _subscriberDb = null!;
    private RunningServer _publisher = null!;
    private RunningServer _subscriber = null!;
    private string _platform = "", _reviewer = "", _senior = "", _feedKey = "", _subscriberAdmin = "", _subscriberPlatform = "";

    public async Task InitializeAsync()
    {
        _publisherDb = await TestDatabase.PostgresAsync();
        _subscriberDb = TestDatabase.Sqlite();
        await using (var store = await BankStore.OpenAsync(_publisherDb.Options))
        {
            var keys = new ApiKeyStore(store);
            _platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
            _reviewer = (await keys.CreateAsync("reviewer-ana", ApiKeyRole.Reviewer)).Secret;
            _senior = (await keys.CreateAsync("senior-ben", ApiKeyRole.SeniorReviewer)).Secret;
            _feedKey = (await keys.CreateAsync("platform-b-subscription", ApiKeyRole.Subscriber)).Secret;
        }

        await using (var store = await BankStore.OpenAsync(_subscriberDb.Options))
        {
            var keys = new ApiKeyStore(store);
            _subscriberAdmin = (await keys.CreateAsync("admin", ApiKeyRole.Admin)).Secret;
            _subscriberPlatform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
        }

        _publisher = await RunningServer.StartAsync(_publisherDb.Options, o => (o.Feed.Enabled, o.Feed.Publisher) = (true, Publisher));
        _subscriber = await RunningServer.StartAsync(_subscriberDb.Options, o =>
        {
            o.Exchanges.PollSeconds = 1;
            o.Exchanges.InitialBackoffSeconds = 1;
            o.Exchanges.MaxBackoffMinutes = 1;
            o.Exchanges.RequestTimeoutSeconds = 10;
            o.Exchanges.LeaseSeconds = 30;
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var owned in _owned)
            {
                await owned.DisposeAsync();
            }

            await _subscriber.DisposeAsync();
            await _publisher.DisposeAsync();
        }
        finally
        {
            await _subscriberDb.DisposeAsync();
            await _publisherDb.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_confirmation_at_the_publisher_blocks_the_picture_at_the_subscriber_and_an_overturn_unblocks_it()
    {
        // Given a picture uploaded at the publisher, reported and confirmed as A1 there
        var picture = Images.Unrelated(1601);
        using var platform = _publisher.Client(_platform);
        using var reviewer = _publisher.Client(_reviewer);
        await (await platform.PostBytesAsync("/v1/media?content_id=a-post-1&uploader_id=acct-a-1", picture)).JsonAsync(HttpStatusCode.OK);
        var caseId = (long)(await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { "a-post-1" }, category = "child_sexual_exploitation" }))
            .JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", classification = "a1", reason = "stand-in confirmed" })).JsonAsync(HttpStatusCode.OK);

        // When the subscriber subscribes to the publisher's feed, pinning the key the publisher shows
        using var admin = _subscriber.Client(_subscriberAdmin);
        await CreateExchangeAsync(admin, "platform-a-feed", _publisher.Address, await PublisherKeyAsync());
        var status = await StatusUntilAsync(admin, "platform-a-feed", s => s["last_success_at"] is not null, "the feed's first run to succeed");

        // Then the same picture uploaded at the subscriber is blocked, each match naming the publisher and the category
        Assert.Equal(3L, (long)status["total"]!["added"]!);
        using var subscriberPlatform = _subscriber.Client(_subscriberPlatform);
        var blocked = await (await subscriberPlatform.PostBytesAsync("/v1/media?content_id=b-post-1&uploader_id=acct-b-1", picture)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string)blocked["verdict"]!);
        var matches = blocked["matches"]!.AsArray();
        Assert.NotEmpty(matches);
        Assert.All(matches, m => Assert.Equal(("platform-a-feed", Publisher, "A1"), ((string)m!["source"]!["exchange"]!, (string)m["source"]!["member"]!, (string)m["source"]!["category"]!)));

        // When the uploader appeals at the publisher and a senior reviewer overturns the confirmation
        await Waits.UntilAsync(
            async () => (await platform.PostJsonAsync($"/v1/cases/{caseId}/appeal", new { account_id = "acct-a-1", text = "not what it seems" })).StatusCode == HttpStatusCode.OK,
            "the appeal to be taken once the takedown has run");
        using var senior = _publisher.Client(_senior);
        await (await senior.PostJsonAsync($"/v1/cases/{caseId}/appeal/decision", new { overturn = true, reason = "benign after all" })).JsonAsync(HttpStatusCode.OK);

        // Then the subscriber's next fetch withdraws the entries: the picture is allowed there again
        (await admin.PostAsync("/v1/exchanges/platform-a-feed/fetch", null)).EnsureSuccessStatusCode();
        await StatusUntilAsync(admin, "platform-a-feed", s => (long)s["total"]!["removed"]! == 3, "the withdrawals to be applied");
        var hashes = blocked["hashes"]!;
        await Waits.UntilAsync(
            async () => (await (await subscriberPlatform.PostJsonAsync("/v1/lookup", new { pdq = (string)hashes["pdq"]!, md5 = (string)hashes["md5"]! }))
                .JsonAsync(HttpStatusCode.OK))["matches"]!.AsArray().Count == 0,
            "the subscriber to stop matching the withdrawn hashes (its matcher follows the change feed)");
        var allowed = await (await subscriberPlatform.PostBytesAsync("/v1/media?content_id=b-post-2&uploader_id=acct-b-2", picture)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("allow", (string)allowed["verdict"]!);
    }

    [Fact]
    public async Task A_page_altered_on_the_way_or_signed_by_another_key_is_refused_and_nothing_is_applied()
    {
        // Given a confirmation in the publisher's feed
        using var platform = _publisher.Client(_platform);
        using var reviewer = _publisher.Client(_reviewer);
        await (await platform.PostBytesAsync("/v1/media?content_id=a-post-2&uploader_id=acct-a-2", Images.Unrelated(1602))).JsonAsync(HttpStatusCode.OK);
        var caseId = (long)(await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { "a-post-2" }, category = "child_sexual_exploitation" }))
            .JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", classification = "a1", reason = "stand-in confirmed" })).JsonAsync(HttpStatusCode.OK);
        var proxy = new TamperingProxy(_publisher.Address);
        _owned.Add(proxy);

        // When one subscription reads it through a proxy that alters the page, and another pins a key the publisher never had
        using var admin = _subscriber.Client(_subscriberAdmin);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await CreateExchangeAsync(admin, "tampered", proxy.Address, await PublisherKeyAsync());
        await CreateExchangeAsync(admin, "wrong-key", _publisher.Address, stranger.ExportSubjectPublicKeyInfoPem());

        // Then both runs fail with the reason, their checkpoints stay at the start, and their banks hold nothing
        var tampered = await StatusUntilAsync(admin, "tampered", s => s["last_error"] is not null, "the tampered run to fail");
        var wrongKey = await StatusUntilAsync(admin, "wrong-key", s => s["last_error"] is not null, "the wrong key's run to fail");
        Assert.Contains("does not verify", (string)tampered["last_error"]!);
        Assert.Contains("not a pinned key", (string)wrongKey["last_error"]!);
        Assert.True(proxy.Tampered > 0);
        foreach (var (name, status) in new[] { ("tampered", tampered), ("wrong-key", wrongKey) })
        {
            Assert.Equal((0L, 0L), ((long)status["total"]!["records"]!, (long)status["total"]!["added"]!));
            Assert.Null(await CheckpointAsync(name));
            var bank = await (await admin.GetAsync($"/v1/banks/{name}-bank")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(0L, (long)bank["total_entries"]!);
        }

        // When the proxy stops altering pages, the same subscription applies the page from where it stood
        proxy.Tamper = false;
        (await admin.PostAsync("/v1/exchanges/tampered/fetch", null)).EnsureSuccessStatusCode();
        var recovered = await StatusUntilAsync(admin, "tampered", s => (string?)s["state"] == "ok", "the untampered run to succeed");
        Assert.Equal((3L, 0), ((long)recovered["total"]!["added"]!, (int)recovered["consecutive_failures"]!));
    }

    [Fact]
    public async Task The_feed_is_for_subscriber_keys_checks_its_query_signs_each_page_and_is_absent_when_disabled()
    {
        using var subscriber = _publisher.Client(_feedKey);
        using var platform = _publisher.Client(_platform);
        using var anonymous = _publisher.Client(null);

        var page = await subscriber.GetAsync("/v1/feed?after=0&limit=10");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("keyid=", page.Headers.GetValues("Aegis-Signature").Single(), StringComparison.Ordinal);
        var body = await page.JsonAsync(HttpStatusCode.OK);
        Assert.Equal((Publisher, "0"), ((string)body["publisher"]!, (string)body["after"]!));
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.GetAsync("/v1/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await subscriber.GetAsync("/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await subscriber.GetAsync("/metrics")).StatusCode); // not even what any key of the platform's own may read
        Assert.Contains("after", (string)(await (await subscriber.GetAsync("/v1/feed?after=-1")).JsonAsync(HttpStatusCode.BadRequest))["detail"]!);
        Assert.Contains("limit", (string)(await (await subscriber.GetAsync("/v1/feed?limit=0")).JsonAsync(HttpStatusCode.BadRequest))["detail"]!);
        var keys = await (await subscriber.GetAsync("/v1/feed/key")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("ecdsa-p256-sha256", "current"), ((string)keys["algorithm"]!, (string)keys["keys"]![0]!["state"]!));

        await using var off = await RunningServer.StartAsync(_publisherDb.Options);
        using var offClient = off.Client(_feedKey);
        Assert.Equal(HttpStatusCode.NotFound, (await offClient.GetAsync("/v1/feed")).StatusCode);
        Assert.Contains("Feed:Enabled", await (await offClient.GetAsync("/v1/feed/key")).Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_publisher_name_is_required_when_the_feed_is_enabled()
    {
        var problems = ServerOptionsValidator.Validate(new ServerOptions { Data = "unused", Feed = new FeedOptions { Enabled = true, MaxPageSize = 0 } });
        Assert.Contains(problems, p => p.StartsWith("Feed:Publisher", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Feed:MaxPageSize", StringComparison.Ordinal));
    }

    private async Task<string> PublisherKeyAsync()
    {
        using var subscriber = _publisher.Client(_feedKey);
        var keys = await (await subscriber.GetAsync("/v1/feed/key")).JsonAsync(HttpStatusCode.OK);
        return (string)keys["keys"]!.AsArray().Single(k => (string)k!["state"]! == "current")!["public_key"]!;
    }

    private async Task CreateExchangeAsync(HttpClient admin, string name, Uri url, string publicKey)
    {
        await (await admin.PostJsonAsync("/v1/banks", new { name = name + "-bank" })).JsonAsync(HttpStatusCode.Created);
        var created = new { name, api = "aegis", bank = name + "-bank", settings = new { url = url.ToString(), public_key = publicKey }, credentials = new { api_key = _feedKey } };
        await (await admin.PostJsonAsync("/v1/exchanges", created)).JsonAsync(HttpStatusCode.Created);
    }

    private async Task<string?> CheckpointAsync(string name)
    {
        await using var store = await BankStore.OpenAsync(_subscriberDb.Options);
        await using var db = store.CreateContext();
        return db.Exchanges.Where(x => x.Name == name).Select(x => x.Checkpoint).Single();
    }

    private static async Task<JsonNode> StatusUntilAsync(HttpClient client, string name, Func<JsonNode, bool> done, string what)
    {
        JsonNode status = new JsonObject();
        await Waits.UntilAsync(
            async () =>
            {
                status = (await (await client.GetAsync($"/v1/exchanges/{name}")).JsonAsync(HttpStatusCode.OK))["status"]!;
                return done(status);
            },
            what,
            () => status.ToJsonString());
        return status;
    }
}
