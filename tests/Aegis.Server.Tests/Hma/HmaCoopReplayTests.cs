using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// ROOST's Coop (<c>server/services/hmaService/index.ts</c>) against a real <c>aegis serve</c>, its calls replayed in the
/// order a curator's work makes them, with Coop's <c>HMA_SERVICE_URL</c> written both ways: without a trailing slash and
/// with one (Coop's default, which makes every path start <c>//</c>, as <c>${HMA_SERVICE_URL}/c/banks</c>). Coop sends no
/// credentials, so the node runs with <c>Hma:AnonymousRole=admin</c>. Left out: the exchange calls that create or
/// configure an exchange (<c>POST /c/exchanges</c>, <c>/c/exchanges/apis</c>, <c>/c/exchanges/api/…</c>); only Coop's
/// "is this bank an exchange?" look-up is replayed.
/// </summary>
public sealed class HmaCoopReplayTests : IAsyncLifetime
{
    /// <summary>HMA's PDQ of samples/images/bridge.jpg (as in <see cref="HmaApiTests"/>).</summary>
    private const string BridgePdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static readonly byte[] Bridge = File.ReadAllBytes(Support.Api.Image("bridge.jpg"));

    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private ServerProcess? _server;
    private MediaServer? _media;

    public async Task InitializeAsync()
    {
        _media = new MediaServer();
        _server = await ServerProcess.StartAsync(_database.Options, new Dictionary<string, string>
        {
            ["AEGIS_HMA__ANONYMOUSROLE"] = "admin",
            ["AEGIS_HMA__FETCHHOSTS"] = "127.0.0.1",
            ["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_media is not null)
        {
            await _media.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Coops_calls_are_answered_as_HMA_answers_them_with_or_without_a_trailing_slash_on_its_URL(bool trailingSlash)
    {
        var server = _server!;
        var hmaServiceUrl = $"http://127.0.0.1:{server.Port}" + (trailingSlash ? "/" : "");
        using var coop = new HttpClient { Timeout = Waits.HangGuard }; // undici's fetch: no credentials, redirects followed
        string Url(string path) => $"{hmaServiceUrl}{path}";
        Assert.Equal(trailingSlash ? "//c/banks" : "/c/banks", new Uri(Url("/c/banks")).AbsolutePath); // sent as written
        var image = _media!.Add("bridge.jpg", Bridge, "image/jpeg");
        var suffix = trailingSlash ? "SLASH" : "PLAIN";
        var name = $"COOP_ORG1_HASHES_{suffix}";
        var renamed = $"COOP_ORG1_RENAMED_{suffix}";

        // listBanks / getBank: a bank Coop knows and HMA does not is a 404 (Coop then forgets it).
        Assert.Equal(HttpStatusCode.NotFound, (await coop.GetAsync(Url($"/c/bank/{name}"))).StatusCode);

        // createBank (no exchange): the ratio as a string.
        AssertJson(
            $$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""",
            await (await coop.PostAsync(Url("/c/banks"), JsonBody(new JsonObject { ["name"] = name, ["enabled_ratio"] = "1" }))).JsonAsync(HttpStatusCode.Created));
        AssertJson($$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""", await (await coop.GetAsync(Url($"/c/bank/{name}"))).JsonAsync(HttpStatusCode.OK));

        // getExchangeForBank: a 404 means a plain bank.
        Assert.Equal(HttpStatusCode.NotFound, (await coop.GetAsync(Url($"/c/exchange/{Uri.EscapeDataString(name)}"))).StatusCode);

        // hashContentFromUrl
        AssertJson($$"""{"pdq": "{{BridgePdq}}"}""", await (await coop.GetAsync(Url($"/h/hash?url={Uri.EscapeDataString(image)}"))).JsonAsync(HttpStatusCode.OK));

        // addContentToBank by URL (metadata as query parameters), then by file (metadata as form fields).
        var query = $"url={Uri.EscapeDataString(image)}&content_id=item-1&content_uri={Uri.EscapeDataString("https://coop.example/items/1")}";
        var byUrl = await (await coop.PostAsync(Url($"/c/bank/{name}/content?{query}"), null)).JsonAsync(HttpStatusCode.OK);
        var urlId = (long)byUrl["id"]!;
        AssertJson($$"""{"id": {{urlId}}, "signals": {"pdq": "{{BridgePdq}}"} }""", byUrl);
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(Images.Unrelated(7));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "photo", "blob");
            form.Add(new StringContent("item-2"), "content_id");
            form.Add(new StringContent("https://coop.example/items/2"), "content_uri");
            var byFile = await (await coop.PostAsync(Url($"/c/bank/{name}/content"), form)).JsonAsync(HttpStatusCode.OK);
            var fileId = (long)byFile["id"]!;
            var filePdq = (string)byFile["signals"]!["pdq"]!;

            // lookupContent by signal (checkImageMatchWithDetails) and by URL.
            AssertJson(
                $$"""{"{{name}}": [{"bank_content_id": {{fileId}}, "distance": "0"}]}""",
                await (await coop.GetAsync(Url($"/m/lookup?signal_type=pdq&signal={filePdq}"))).JsonAsync(HttpStatusCode.OK));
            var lookedUp = await (await coop.GetAsync(Url($"/m/lookup?url={Uri.EscapeDataString(image)}&content_type=photo"))).JsonAsync(HttpStatusCode.OK);
            AssertJson($$"""[{"bank_content_id": {{urlId}}, "distance": "0"}]""", lookedUp["pdq"]![name]);

            // What HMA keeps of the content comes back (not a Coop call, but what it stored for it).
            var content = await (await coop.GetAsync(Url($"/c/bank/{name}/content/{urlId}"))).JsonAsync(HttpStatusCode.OK);
            AssertJson("""{"collab": null, "content_id": "item-1", "content_uri": "https://coop.example/items/1", "json": null}""", content["metadata"]);

            // Removing content (HMA's DELETE, as a curator's tool would).
            AssertJson("""{"deleted": 1}""", await (await coop.DeleteAsync(Url($"/c/bank/{name}/content/{fileId}"))).JsonAsync(HttpStatusCode.OK));
            AssertJson("{}", await (await coop.GetAsync(Url($"/m/lookup?signal_type=pdq&signal={filePdq}"))).JsonAsync(HttpStatusCode.OK));
        }

        // updateBank: the ratio alone (PUT), then a rename (create the new name, delete the old).
        AssertJson(
            $$"""{"matching_enabled_ratio": 0.5, "name": "{{name}}"}""",
            await (await coop.PutAsync(Url($"/c/bank/{name}"), JsonBody(new JsonObject { ["enabled_ratio"] = 0.5 }))).JsonAsync(HttpStatusCode.OK));
        await (await coop.PostAsync(Url("/c/banks"), JsonBody(new JsonObject { ["name"] = renamed, ["enabled_ratio"] = "0.5" }))).JsonAsync(HttpStatusCode.Created);
        AssertJson("""{"message": "Done"}""", await (await coop.DeleteAsync(Url($"/c/bank/{name}"))).JsonAsync(HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.NotFound, (await coop.GetAsync(Url($"/c/bank/{name}"))).StatusCode);
        AssertJson("{}", await (await coop.GetAsync(Url($"/m/lookup?signal_type=pdq&signal={BridgePdq}"))).JsonAsync(HttpStatusCode.OK));

        // The old name is free again (a rename back would create it).
        await (await coop.PostAsync(Url("/c/banks"), JsonBody(new JsonObject { ["name"] = name, ["enabled_ratio"] = "1" }))).JsonAsync(HttpStatusCode.Created);

        // deleteBank
        foreach (var bank in new[] { renamed, name })
        {
            AssertJson("""{"message": "Done"}""", await (await coop.DeleteAsync(Url($"/c/bank/{bank}"))).JsonAsync(HttpStatusCode.OK));
            Assert.Equal(HttpStatusCode.NotFound, (await coop.GetAsync(Url($"/c/bank/{bank}"))).StatusCode);
        }

        var banks = (await (await coop.GetAsync(Url("/c/banks"))).JsonAsync(HttpStatusCode.OK)).AsArray();
        Assert.DoesNotContain(banks, b => ((string)b!["name"]!).EndsWith(suffix, StringComparison.Ordinal));
    }

    private static StringContent JsonBody(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString()}");
}
