using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aegis.Exchanges;
using Aegis.Exchanges.Ncmec;
using Aegis.Fakes.Exchanges;
using Aegis.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// ROOST's Coop (<c>server/services/hmaService/index.ts</c>) against a real server (Kestrel on a loopback port), its calls
/// replayed in the order a curator's work makes them, with Coop's <c>HMA_SERVICE_URL</c> written both ways: without a
/// trailing slash and with one (Coop's default, which makes every path start <c>//</c>, as <c>${HMA_SERVICE_URL}/c/banks</c>).
/// Coop sends no credentials, so the node runs with <c>Hma:AnonymousRole=admin</c>. Besides plain banks, a curator's
/// NCMEC-backed bank: Coop's exchange calls (<c>getExchangeApis</c>, <c>getExchangeApiSchema</c>, <c>createBank</c> with
/// an exchange, <c>setExchangeCredentials</c>, <c>getExchangeForBank</c>, <c>deleteBank</c>) against the fake NCMEC
/// hash sharing API, whose entry is fetched and then matched through <c>/m/lookup</c>.
/// </summary>
public sealed class HmaCoopReplayTests : IAsyncLifetime
{
    /// <summary>HMA's PDQ of samples/images/bridge.jpg (as in <see cref="HmaApiTests"/>).</summary>
    private const string BridgePdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static readonly byte[] Bridge = File.ReadAllBytes(Support.Api.Image("bridge.jpg"));

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    /// <summary>The PDQ of the fake NCMEC's one entry (random: no other bank holds it).</summary>
    private readonly string _ncmecPdq = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private RunningServer? _server;
    private MediaServer? _media;
    private FakeNcmecHashSharing? _ncmec;

    public async Task InitializeAsync()
    {
        _media = new MediaServer();
        _ncmec = await FakeNcmecHashSharing.StartAsync();
        _ncmec.Put(new FakeNcmecEntry(
            "entry-1", 42, "Stand-in ESP", false, DateTimeOffset.UtcNow.AddHours(-1), "A1", new Dictionary<string, string> { ["pdq"] = _ncmecPdq }));
        var ncmec = new NcmecHashSharingApi([_ncmec.BaseUrl]); // NCMEC's environments and the fake's
        _server = await RunningServer.StartAsync(
            _database.Options,
            options =>
            {
                options.Hma.AnonymousRole = "admin";
                options.Hma.FetchHosts = "127.0.0.1";
                options.RateLimit.RequestsPerSecond = 0;
                options.Exchanges.PollSeconds = 1;
                options.Exchanges.InitialBackoffSeconds = 1;
            },
            services: services => services.AddSingleton<IExchangeApi>(ncmec));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_ncmec is not null)
        {
            await _ncmec.DisposeAsync();
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
        var hmaServiceUrl = server.Address.GetLeftPart(UriPartial.Authority) + (trailingSlash ? "/" : "");
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

        await NcmecBankAsync(coop, Url, $"COOP_ORG1_NCMEC_{suffix}");

        var banks = (await (await coop.GetAsync(Url("/c/banks"))).JsonAsync(HttpStatusCode.OK)).AsArray();
        Assert.DoesNotContain(banks, b => ((string)b!["name"]!).EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>A curator's NCMEC-backed bank, Coop's calls in order: made, its credentials set, read back, fetched, matched, deleted.</summary>
    private async Task NcmecBankAsync(HttpClient coop, Func<string, string> url, string name)
    {
        var environment = _ncmec!.BaseUrl.AbsoluteUri.TrimEnd('/');

        // exchangeApis (the bank form): the API names, then each one's auth state.
        var apis = (await (await coop.GetAsync(url("/c/exchanges/apis"))).JsonAsync(HttpStatusCode.OK)).AsArray().Select(a => (string)a!).ToList();
        Assert.Contains("ncmec", apis);
        foreach (var api in apis)
        {
            var auth = await (await coop.GetAsync(url($"/c/exchanges/api/{Uri.EscapeDataString(api)}"))).JsonAsync(HttpStatusCode.OK);
            Assert.False((bool)auth["has_set_authentification"]!);
            Assert.NotNull(auth["supports_authentification"]);
        }

        // exchangeApiSchema("ncmec"): the form's fields.
        var schema = await (await coop.GetAsync(url("/c/exchanges/api/ncmec/schema"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["environment", "only_esp_ids"], schema["config_schema"]!["fields"]!.AsArray().Select(f => (string)f!["name"]!));
        Assert.Contains(environment, schema["config_schema"]!["fields"]![0]!["choices"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["user", "password"], schema["credentials_schema"]!["fields"]!.AsArray().Select(f => (string)f!["name"]!));

        // createBank with an exchange (enabled_ratio 1.0: no PUT), then setExchangeCredentials (createHashBank's order).
        var create = new JsonObject { ["bank"] = name, ["api"] = "ncmec", ["api_json"] = new JsonObject { ["environment"] = environment } };
        Assert.Equal(HttpStatusCode.Created, (await coop.PostAsync(url("/c/exchanges"), JsonBody(create))).StatusCode);
        var credentials = new JsonObject { ["credential_json"] = new JsonObject { ["user"] = _ncmec.User, ["password"] = _ncmec.Password } };
        Assert.Equal(HttpStatusCode.OK, (await coop.PostAsync(url("/c/exchanges/api/ncmec"), JsonBody(credentials))).StatusCode);

        // getBank, then the bank's exchange (getExchangeForBank): config, API auth, status.
        AssertJson($$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""", await (await coop.GetAsync(url($"/c/bank/{name}"))).JsonAsync(HttpStatusCode.OK));
        var config = await (await coop.GetAsync(url($"/c/exchange/{Uri.EscapeDataString(name)}"))).JsonAsync(HttpStatusCode.OK);
        AssertJson($$"""{"environment": "{{environment}}", "name": "{{name}}", "api": "ncmec", "enabled": true, "only_esp_ids": []}""", config);
        AssertJson(
            """{"has_set_authentification": true, "supports_authentification": true}""",
            await (await coop.GetAsync(url("/c/exchanges/api/ncmec"))).JsonAsync(HttpStatusCode.OK));
        JsonNode status = new JsonObject();
        await Waits.UntilAsync(
            async () =>
            {
                status = await (await coop.GetAsync(url($"/c/exchange/{Uri.EscapeDataString(name)}/status"))).JsonAsync(HttpStatusCode.OK);
                return status["last_fetch_succeeded"]?.GetValue<bool>() == true;
            },
            "the NCMEC exchange to be fetched with the API's credentials",
            () => status.ToJsonString());
        Assert.Equal(1, (long)status["fetched_items"]!);
        Assert.True((bool)status["up_to_date"]!);
        Assert.NotNull(status["last_fetch_complete_ts"]);
        Assert.Contains(_ncmec.Requests, r => r.Endpoint == "entries");

        // lookupContent: the fetched hash matches in the exchange's bank, with where it came from.
        var lookup = await (await coop.GetAsync(url($"/m/lookup?signal_type=pdq&signal={_ncmecPdq}"))).JsonAsync(HttpStatusCode.OK);
        var match = lookup[name]!.AsArray().Single()!;
        Assert.Equal("0", (string)match["distance"]!);
        Assert.Equal(name, (string)match["metadata"]!["json"]!["exchange"]!);

        // deleteBank: the bank goes, and the exchange filling it with it.
        AssertJson("""{"message": "Done"}""", await (await coop.DeleteAsync(url($"/c/bank/{name}"))).JsonAsync(HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.NotFound, (await coop.GetAsync(url($"/c/bank/{name}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coop.GetAsync(url($"/c/exchange/{Uri.EscapeDataString(name)}"))).StatusCode);
        AssertJson("{}", await (await coop.GetAsync(url($"/m/lookup?signal_type=pdq&signal={_ncmecPdq}"))).JsonAsync(HttpStatusCode.OK));
    }

    private static StringContent JsonBody(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString()}");
}
