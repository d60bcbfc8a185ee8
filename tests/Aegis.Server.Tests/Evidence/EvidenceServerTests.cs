using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Evidence;

/// <summary>
/// The vault over HTTP on a real server, on SQLite and PostgreSQL: the gate preserves what it blocks, a report's item is
/// fetched from the platform (a fake media server on loopback), an item that cannot be fetched is told to the platform
/// and then uploaded, uploads are idempotent, and every read is audited and needs a reviewer.
/// </summary>
public abstract class EvidenceServerTests : IAsyncLifetime
{
    private const string WebhookSecret = "evidence-hooks";

    private readonly FakePlatformMedia _platform = new();
    private readonly WebhookReceiver _hooks = new(WebhookSecret);
    private TestDatabase? _database;
    private RunningServer? _server;
    private string _platformKey = "";
    private string _reviewerKey = "";
    private string _curatorKey = "";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using (var store = await BankStore.OpenAsync(_database.Options))
        {
            var keys = new ApiKeyStore(store);
            _platformKey = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
            _reviewerKey = (await keys.CreateAsync("reviewer-ana", ApiKeyRole.Reviewer)).Secret;
            _curatorKey = (await keys.CreateAsync("curator", ApiKeyRole.Curator)).Secret;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _database!.DisposeAsync();
        await _platform.DisposeAsync();
        await _hooks.DisposeAsync();
    }

    private async Task StartAsync(bool privateAddressesAllowed = true)
    {
        _server = await RunningServer.StartAsync(_database!.Options, o =>
        {
            o.Evidence.FetchUrl.Default = _platform.Template;
            o.Evidence.FetchHosts = "127.0.0.1";
            o.Evidence.FetchPrivateAddresses = privateAddressesAllowed;
            o.Evidence.FetchAttempts = 2;
            o.Evidence.FetchRetrySeconds = 1;
            o.Webhooks = new WebhookOptions { Url = _hooks.Address.ToString(), Secret = WebhookSecret };
        });
    }

    private HttpClient Platform => _server!.Client(_platformKey);

    private HttpClient Reviewer => _server!.Client(_reviewerKey);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task<long> ReportAsync(string contentId)
    {
        var results = await (await Platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { contentId }, category = "child_sexual_exploitation", reporter_id = "user-9", text = "my report" }))
            .JsonAsync(HttpStatusCode.Created);
        return (long)results[0]!["case_id"]!;
    }

    private async Task<JsonNode> ItemAsync(long caseId, string contentId) =>
        (await (await Reviewer.GetAsync($"/v1/cases/{caseId}/evidence")).JsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Single(i => (string)i!["content_id"]! == contentId)!;

    private async Task<JsonNode> PreservedAsync(long caseId, string contentId)
    {
        JsonNode? item = null;
        await Waits.UntilAsync(
            async () => (string?)(item = await ItemAsync(caseId, contentId))["state"] == "preserved",
            $"{contentId} of case {caseId} preserved",
            seen: () => item?.ToJsonString() ?? "nothing");
        return item!;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return client.PutAsync(path, content);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        var entries = new List<AuditEntry>();
        await using var store = await BankStore.OpenAsync(_database!.Options);
        await foreach (var entry in new AuditLog(store).ReadAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task A_gate_block_preserves_the_uploaded_bytes_and_every_read_is_audited_and_needs_a_reviewer()
    {
        await StartAsync();
        var picture = Images.Unrelated(140_001);
        var bank = NewId("vault-known");
        using (var curator = _server!.Client(_curatorKey))
        {
            await (await curator.PostJsonAsync("/v1/banks", new { name = bank, action = "block" })).JsonAsync(HttpStatusCode.Created);
            await (await curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = "md5", value = Convert.ToHexStringLower(MD5.HashData(picture)) })).JsonAsync(HttpStatusCode.Created);
        }

        var contentId = NewId("blocked");
        JsonNode verdict = null!;
        await Waits.UntilAsync(
            async () => (string?)(verdict = await (await Platform.PostBytesAsync($"/v1/media?content_id={NewId("probe")}", picture)).JsonAsync(HttpStatusCode.OK))["verdict"] == "block",
            "the bank's entry to block",
            seen: () => verdict?.ToJsonString() ?? "");
        verdict = await (await Platform.PostBytesAsync($"/v1/media?content_id={contentId}&uploader_id=acct-1&uploader_ip=203.0.113.9", picture)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string?)verdict["verdict"]);
        var caseId = (long)verdict["case_id"]!;

        // Preserved before the answer: no wait.
        var item = await ItemAsync(caseId, contentId);
        Assert.Equal("preserved", (string?)item["state"]);
        Assert.Equal(picture.Length, (long)item["size"]!);
        Assert.Equal("image/png", (string?)item["media_type"]); // declared octet-stream: told from the bytes
        var id = (long)item["id"]!;

        using (var refused = await Platform.GetAsync($"/v1/evidence/{id}/content"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var content = await Reviewer.GetAsync($"/v1/evidence/{id}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(picture, await content.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", content.Content.Headers.ContentType?.MediaType);
        var viewed = Assert.Single(await AuditAsync(), a => a.Action == "evidence.viewed" && a.Data.Contains($"\"evidence_id\":{id}", StringComparison.Ordinal));
        Assert.Equal("reviewer-ana", viewed.Actor);
        Assert.Contains("\"purpose\":\"review\"", viewed.Data, StringComparison.Ordinal);
        await _hooks.WaitForAsync("evidence.preserved", "content_id", contentId);
    }

    [Fact]
    public async Task A_video_blocked_by_its_digest_is_preserved_whole()
    {
        await StartAsync();
        var video = await File.ReadAllBytesAsync(Support.Api.Chair);
        var bank = NewId("vault-video");
        using (var curator = _server!.Client(_curatorKey))
        {
            await (await curator.PostJsonAsync("/v1/banks", new { name = bank, action = "block" })).JsonAsync(HttpStatusCode.Created);
            await (await curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = "sha256", value = Convert.ToHexStringLower(SHA256.HashData(video)) })).JsonAsync(HttpStatusCode.Created);
        }

        JsonNode verdict = null!;
        await Waits.UntilAsync(
            async () => (string?)(verdict = await (await Platform.PostBytesAsync($"/v1/media?content_id={NewId("clip")}", video)).JsonAsync(HttpStatusCode.OK))["verdict"] == "block",
            "the video's digest to block",
            seen: () => verdict?.ToJsonString() ?? "");
        var contentId = (string)verdict["content_id"]!;
        var item = await ItemAsync((long)verdict["case_id"]!, contentId);

        Assert.Equal(("preserved", "video/mp4", video.Length), ((string?)item["state"], (string?)item["media_type"], (int)item["size"]!));
        using var content = await Reviewer.GetAsync($"/v1/evidence/{(long)item["id"]!}/content");
        Assert.Equal(video, await content.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_reported_item_is_fetched_from_the_platform_with_the_url_template()
    {
        await StartAsync();
        var contentId = NewId("reported");
        var bytes = Images.Unrelated(140_002);
        _platform.Items[contentId] = (bytes, "image/png");

        var caseId = await ReportAsync(contentId);
        var item = await PreservedAsync(caseId, contentId);

        Assert.Equal(bytes.Length, (long)item["size"]!);
        using var content = await Reviewer.GetAsync($"/v1/evidence/{(long)item["id"]!}/content");
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, _platform.Requests[contentId]);
        await _hooks.WaitForAsync("evidence.preserved", "content_id", contentId);
    }

    [Fact]
    public async Task An_item_the_vault_cannot_fetch_is_told_to_the_platform_which_uploads_it_once()
    {
        // The fake platform is on 127.0.0.1, refused while private addresses are: the vault never reaches it.
        await StartAsync(privateAddressesAllowed: false);
        var contentId = NewId("unfetchable");
        var bytes = Images.Unrelated(140_003);
        _platform.Items[contentId] = (bytes, "image/png");
        var caseId = await ReportAsync(contentId);

        var missing = await _hooks.WaitForAsync("evidence.missing", "content_id", contentId);
        Assert.Equal(caseId, (long)missing.Body["case_id"]!);
        Assert.False(_platform.Requests.ContainsKey(contentId));
        Assert.Equal("missing", (string?)(await ItemAsync(caseId, contentId))["state"]);
        var shown = await (await Reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(contentId, shown["evidence_missing"]!.AsArray().Select(x => (string?)x));

        var path = $"/v1/cases/{caseId}/evidence/{contentId}?uploader_id=acct-7&uploaded_at=2026-11-25T10:00:00Z&file_name=chat.png";
        var created = await (await PutAsync(Platform, path, bytes, "image/png")).JsonAsync(HttpStatusCode.Created);
        var again = await (await PutAsync(Platform, path, bytes, "image/png")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((long)created["id"]!, (long)again["id"]!);
        using (var other = await PutAsync(Platform, path, Images.Unrelated(140_004), "image/png"))
        {
            Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
            Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        }

        using (var stranger = await PutAsync(Platform, $"/v1/cases/{caseId}/evidence/{NewId("not-in-case")}", bytes, "image/png"))
        {
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        }

        using (var empty = await PutAsync(Platform, path, [], "image/png"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        using (var badTime = await PutAsync(Platform, $"/v1/cases/{caseId}/evidence/{contentId}?uploaded_at=yesterday", bytes, "image/png"))
        {
            var problem = await badTime.JsonAsync(HttpStatusCode.BadRequest);
            Assert.Contains("uploaded_at", (string?)problem["detail"], StringComparison.Ordinal);
        }

        using var content = await Reviewer.GetAsync($"/v1/evidence/{(long)created["id"]!}/content");
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Bad_ids_and_unknown_items_are_problems_not_errors()
    {
        await StartAsync();
        foreach (var (response, status) in new[]
                 {
                     (await Reviewer.GetAsync("/v1/evidence/999999/content"), HttpStatusCode.NotFound),
                     (await Reviewer.GetAsync("/v1/cases/999999/evidence"), HttpStatusCode.NotFound),
                     (await Reviewer.GetAsync("/v1/evidence/abc/content"), HttpStatusCode.NotFound),
                     (await Reviewer.PostJsonAsync("/v1/evidence/1/hold", new { reason = "x" }), HttpStatusCode.Forbidden),
                 })
        {
            using (response)
            {
                Assert.Equal(status, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }
}

public sealed class SqliteEvidenceServerTests : EvidenceServerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresEvidenceServerTests : EvidenceServerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
