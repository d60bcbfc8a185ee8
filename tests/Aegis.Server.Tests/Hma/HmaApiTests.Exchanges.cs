using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// HMA's exchange routes (curation.py), as HMA's tests (test_api.py: test_exchange_api_set_auth, test_exchange_api_schema,
/// test_exchange_delete, test_exchange_get_fetch_status) and Coop call them. The exchanges here are created disabled
/// (<c>"enabled": false</c> in <c>api_json</c>) so that no node tries to reach NCMEC; fetching is in
/// <see cref="HmaCoopReplayTests"/>.
/// </summary>
public abstract partial class HmaApiTests
{
    private const string NcmecTest = "https://exttest.cybertip.org/hashsharing";

    private async Task<string> CreateNcmecExchangeAsync(string? name = null)
    {
        name ??= NewBankName();
        var body = new JsonObject { ["bank"] = name, ["api"] = "ncmec", ["api_json"] = new JsonObject { ["environment"] = NcmecTest, ["enabled"] = false } };
        AssertJson("""{"message": "Created successfully"}""", await (await Curator.PostAsync("/c/exchanges", Json(body))).JsonAsync(HttpStatusCode.Created));
        return name;
    }

    [Fact]
    public async Task The_exchange_apis_are_listed_with_whether_they_take_and_have_credentials()
    {
        var apis = (await (await Curator.GetAsync("/c/exchanges/apis")).JsonAsync(HttpStatusCode.OK)).AsArray().Select(a => (string)a!).ToList();
        Assert.Equal(["ncmec", "stop_ncii", "tat", "fb_threatexchange", "file", "aegis"], apis); // HMA's, then another Aegis's hash feed

        var response = await Curator.GetAsync("/c/exchanges/api/tat");
        var text = await response.Content.ReadAsStringAsync();
        AssertJson("""{"has_set_authentification": false, "supports_authentification": true}""", await response.JsonAsync(HttpStatusCode.OK));
        Assert.StartsWith("{\"has_set_authentification\"", text, StringComparison.Ordinal); // jsonify's sorted keys

        await AssertMessageAsync(await Curator.GetAsync("/c/exchanges/api/sample"), HttpStatusCode.BadRequest, "no such Exchange API 'sample'");
        await AssertMessageAsync(await Curator.PostAsync("/c/exchanges/api/sample", Json(new JsonObject())), HttpStatusCode.BadRequest, "no such Exchange API 'sample'");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Curator.PutAsync("/c/exchanges/api/tat", Json(new JsonObject()))).StatusCode);
    }

    [Fact]
    public async Task Credentials_are_set_and_cleared_per_API_as_HMA_sets_them()
    {
        // test_exchange_api_set_auth: set, read back, unset with {}.
        var set = new JsonObject { ["credential_json"] = new JsonObject { ["api_token"] = "12345789|000000000000" } };
        AssertJson(
            """{"has_set_authentification": true, "supports_authentification": true}""",
            await (await Curator.PostAsync("/c/exchanges/api/fb_threatexchange", Json(set))).JsonAsync(HttpStatusCode.OK));
        AssertJson(
            """{"has_set_authentification": true, "supports_authentification": true}""",
            await (await Curator.GetAsync("/c/exchanges/api/fb_threatexchange")).JsonAsync(HttpStatusCode.OK));

        // No credential_json: nothing changes.
        AssertJson(
            """{"has_set_authentification": true, "supports_authentification": true}""",
            await (await Curator.PostAsync("/c/exchanges/api/fb_threatexchange", Json(new JsonObject { ["other"] = 1 }))).JsonAsync(HttpStatusCode.OK));

        AssertJson(
            """{"has_set_authentification": false, "supports_authentification": true}""",
            await (await Curator.PostAsync("/c/exchanges/api/fb_threatexchange", Json(new JsonObject { ["credential_json"] = new JsonObject() }))).JsonAsync(HttpStatusCode.OK));
        AssertJson(
            """{"has_set_authentification": false, "supports_authentification": true}""",
            await (await Curator.GetAsync("/c/exchanges/api/fb_threatexchange")).JsonAsync(HttpStatusCode.OK));

        // Bad bodies: not an object, credentials that are not the API's.
        await AssertMessageAsync(await Curator.PostAsync("/c/exchanges/api/tat", Json(new JsonArray())), HttpStatusCode.BadRequest, "this endpoint expects a json object payload");
        await AssertMessageAsync(
            await Curator.PostAsync("/c/exchanges/api/tat", Json(new JsonObject { ["credential_json"] = new JsonObject { ["username"] = "u" } })),
            HttpStatusCode.BadRequest,
            "'password' is required.");
        await AssertMessageAsync(
            await Curator.PostAsync("/c/exchanges/api/tat", Json(new JsonObject { ["credential_json"] = new JsonObject { ["user"] = "u", ["password"] = "p" } })),
            HttpStatusCode.BadRequest,
            "'user' is not a credential of the tat exchange API");
        await AssertMessageAsync(
            await Curator.PostAsync("/c/exchanges/api/tat", Json(new JsonObject { ["credential_json"] = "secret" })), HttpStatusCode.BadRequest, "credential_json must be a json object");
        AssertJson(
            """{"has_set_authentification": false, "supports_authentification": true}""",
            await (await Curator.GetAsync("/c/exchanges/api/tat")).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task An_APIs_schema_lists_its_config_and_credential_fields_as_HMA_does()
    {
        // test_exchange_api_schema: fb_threatexchange's privacy_group (number, required) and api_token (string).
        var tx = await (await Curator.GetAsync("/c/exchanges/api/fb_threatexchange/schema")).JsonAsync(HttpStatusCode.OK);
        AssertJson(
            """{"choices": null, "default": null, "help": "The ThreatPrivacyGroup id to fetch.", "name": "privacy_group", "required": true, "type": "number"}""",
            tx["config_schema"]!["fields"]![0]);
        Assert.Equal("string", (string)tx["credentials_schema"]!["fields"]![0]!["type"]!);
        Assert.Equal("api_token", (string)tx["credentials_schema"]!["fields"]![0]!["name"]!);

        // Coop's known NCMEC schema: environment (enum with choices, required), only_esp_ids (set_of_number); user, password.
        var ncmec = await (await Curator.GetAsync("/c/exchanges/api/ncmec/schema")).JsonAsync(HttpStatusCode.OK);
        var config = ncmec["config_schema"]!["fields"]!.AsArray();
        Assert.Equal(["environment", "only_esp_ids"], config.Select(f => (string)f!["name"]!));
        Assert.Equal("enum", (string)config[0]!["type"]!);
        Assert.Contains(NcmecTest, config[0]!["choices"]!.AsArray().Select(c => (string)c!));
        AssertJson("""{"type": "set_of_number", "required": false, "default": []}""", new JsonObject
        {
            ["type"] = config[1]!["type"]!.DeepClone(), ["required"] = config[1]!["required"]!.DeepClone(), ["default"] = config[1]!["default"]!.DeepClone(),
        });
        Assert.Equal(["user", "password"], ncmec["credentials_schema"]!["fields"]!.AsArray().Select(f => (string)f!["name"]!));

        // The file API's own types are written as HMA's kinds.
        var file = await (await Curator.GetAsync("/c/exchanges/api/file/schema")).JsonAsync(HttpStatusCode.OK);
        Assert.All(file["config_schema"]!["fields"]!.AsArray(), f => Assert.Contains((string)f!["type"]!, new[] { "string", "number" }));

        await AssertMessageAsync(await Curator.GetAsync("/c/exchanges/api/sample/schema"), HttpStatusCode.NotFound, "Exchange API 'sample' not found");
    }

    [Fact]
    public async Task Creating_an_exchange_creates_its_bank_and_reads_back_as_HMAs_config()
    {
        var name = await CreateNcmecExchangeAsync();

        Assert.Contains(name, (await (await Curator.GetAsync("/c/exchanges")).JsonAsync(HttpStatusCode.OK)).AsArray().Select(n => (string)n!));
        AssertJson($$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""", await (await Curator.GetAsync($"/c/bank/{name}")).JsonAsync(HttpStatusCode.OK));

        // NCMECCollabConfig's dataclass order, dumped with indent=2.
        var response = await Curator.GetAsync($"/c/exchange/{name}");
        var text = await response.Content.ReadAsStringAsync();
        AssertJson(
            $$"""{"environment": "{{NcmecTest}}", "name": "{{name}}", "api": "ncmec", "enabled": false, "only_esp_ids": []}""",
            await response.JsonAsync(HttpStatusCode.OK));
        Assert.Equal(["environment", "name", "api", "enabled", "only_esp_ids"], JsonNode.Parse(text)!.AsObject().Select(p => p.Key));
        Assert.StartsWith("{\n  \"environment\": ", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // A name taken by a bank or an exchange.
        var again = new JsonObject { ["bank"] = name, ["api"] = "ncmec", ["api_json"] = new JsonObject { ["environment"] = NcmecTest } };
        await AssertMessageAsync(await Curator.PostAsync("/c/exchanges", Json(again)), HttpStatusCode.Forbidden, "Bank already exists");
        var plain = await CreateBankAsync();
        again["bank"] = plain;
        await AssertMessageAsync(await Curator.PostAsync("/c/exchanges", Json(again)), HttpStatusCode.Forbidden, "Bank already exists");
        await AssertMessageAsync(await Curator.GetAsync($"/c/exchange/{plain}"), HttpStatusCode.NotFound, $"Exchange '{plain}' not found");
    }

    [Theory]
    [InlineData("""{"api": "ncmec"}""", "bank is required")]
    [InlineData("""{"bank": null, "api": "ncmec"}""", "bank is required")]
    [InlineData("""{"bank": "lower", "api": "ncmec"}""", "Field `bank` must match /^[A-Z0-9_]+$/")]
    [InlineData("""{"bank": 5, "api": "ncmec"}""", "Field `bank` must match /^[A-Z0-9_]+$/")]
    [InlineData("""{"bank": "HMA_X", "api": "ncmec", "api_json": []}""", "Field `api_json` must be object")]
    [InlineData("""{"bank": "HMA_X", "api": "ncmec", "api_json": null}""", "Field `api_json` must be object")]
    [InlineData("""{"bank": "HMA_X", "api_json": {}}""", "Field `api_type` is required")]
    [InlineData("""{"bank": "HMA_X", "api": "sample"}""", "No such exchange type 'sample'")]
    [InlineData("""{"bank": "HMA_X", "api": "ncmec", "api_json": {}}""", "Failed to parse `api_json` - 'environment' is required.")]
    [InlineData("""{"bank": "HMA_X", "api": "ncmec", "api_json": {"environment": "https://example.com"}}""", "Failed to parse `api_json` - 'environment' must be one of")]
    [InlineData("""{"bank": "HMA_X", "api": "ncmec", "api_json": {"environment": "https://exttest.cybertip.org/hashsharing", "enabled": "no"}}""", "Failed to parse `api_json` - 'enabled' must be a boolean.")]
    [InlineData("""{"bank": "1HMA_X", "api": "ncmec", "api_json": {"environment": "https://exttest.cybertip.org/hashsharing"}}""", "Bank names must be UPPER_WITH_UNDERSCORE")]
    public async Task A_bad_exchange_is_refused_with_HMAs_message(string body, string message)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await AssertMessageAsync(await Curator.PostAsync("/c/exchanges", content), HttpStatusCode.BadRequest, message);
        Assert.Equal(HttpStatusCode.NotFound, (await Curator.GetAsync("/c/bank/HMA_X")).StatusCode);
    }

    [Fact]
    public async Task An_exchange_is_disabled_and_enabled_with_PUT_and_a_bad_body_is_HMAs_422()
    {
        var name = await CreateNcmecExchangeAsync();

        var enabled = await (await Curator.PutAsync($"/c/exchange/{name}", Json(new JsonObject { ["enabled"] = true }))).JsonAsync(HttpStatusCode.OK);
        Assert.True((bool)enabled["enabled"]!);
        Assert.True((bool)(await (await Curator.GetAsync($"/c/exchange/{name}")).JsonAsync(HttpStatusCode.OK))["enabled"]!);
        var disabled = await (await Curator.PutAsync($"/c/exchange/{name}", Json(new JsonObject { ["enabled"] = "false" }))).JsonAsync(HttpStatusCode.OK);
        Assert.False((bool)disabled["enabled"]!);
        Assert.False((bool)(await (await Curator.GetAsync($"/c/exchange/{name}")).JsonAsync(HttpStatusCode.OK))["enabled"]!);

        var bad = await (await Curator.PutAsync($"/c/exchange/{name}", Json(new JsonObject { ["enabled"] = "maybe" }))).JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("bool_parsing", (string)bad[0]!["type"]!);
        await (await Curator.PutAsync("/c/exchange/NO_SUCH_EXCHANGE", Json(new JsonObject { ["enabled"] = "maybe" }))).JsonAsync(HttpStatusCode.UnprocessableEntity);
        await AssertMessageAsync(
            await Curator.PutAsync("/c/exchange/NO_SUCH_EXCHANGE", Json(new JsonObject { ["enabled"] = true })), HttpStatusCode.NotFound, "Exchange 'NO_SUCH_EXCHANGE' not found");
    }

    [Fact]
    public async Task A_new_exchanges_status_is_HMAs_FetchStatus_never_fetched()
    {
        // test_exchange_get_fetch_status
        await AssertMessageAsync(await Curator.GetAsync("/c/exchange/NONEXISTENT_EXCHANGE/status"), HttpStatusCode.NotFound, "Exchange 'NONEXISTENT_EXCHANGE' not found");
        var name = await CreateNcmecExchangeAsync();

        var response = await Curator.GetAsync($"/c/exchange/{name}/status");
        AssertJson(
            """{"checkpoint_ts": null, "fetched_items": 0, "last_fetch_complete_ts": null, "last_fetch_succeeded": null, "running_fetch_start_ts": null, "up_to_date": false}""",
            await response.JsonAsync(HttpStatusCode.OK));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Deleting_an_exchange_deletes_its_bank_and_answers_200_even_when_there_is_none()
    {
        // test_exchange_delete
        AssertJson("""{"message": "Exchange deleted"}""", await (await Curator.DeleteAsync("/c/exchange/TEST_EXCHANGE")).JsonAsync(HttpStatusCode.OK));
        var name = await CreateNcmecExchangeAsync();

        AssertJson("""{"message": "Exchange deleted"}""", await (await Curator.DeleteAsync($"/c/exchange/{name}")).JsonAsync(HttpStatusCode.OK));

        await AssertMessageAsync(await Curator.GetAsync($"/c/exchange/{name}"), HttpStatusCode.NotFound, $"Exchange '{name}' not found");
        Assert.Equal(HttpStatusCode.NotFound, (await Curator.GetAsync($"/c/bank/{name}")).StatusCode);
        Assert.DoesNotContain(name, (await (await Curator.GetAsync("/c/exchanges")).JsonAsync(HttpStatusCode.OK)).AsArray().Select(n => (string)n!));

        // The name is free for a new exchange (and its new, empty bank).
        await CreateNcmecExchangeAsync(name);
        AssertJson($$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""", await (await Curator.GetAsync($"/c/bank/{name}")).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task The_exchange_routes_need_a_curator_and_answer_doubled_slashes()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Platform.GetAsync("/c/exchanges")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Platform.PostAsync("/c/exchanges/api/tat", Json(new JsonObject()))).StatusCode);
        using var anonymous = Fixture.Server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/c/exchanges/apis")).StatusCode);

        // Coop's default HMA_SERVICE_URL ends in '/': every path starts '//' (sent as written, absolute).
        var root = Fixture.Server.Address.GetLeftPart(UriPartial.Authority);
        var name = NewBankName();
        var body = new JsonObject { ["bank"] = name, ["api"] = "ncmec", ["api_json"] = new JsonObject { ["environment"] = NcmecTest, ["enabled"] = false } };
        await (await Curator.PostAsync(root + "//c/exchanges", Json(body))).JsonAsync(HttpStatusCode.Created);
        Assert.Contains(name, (await (await Curator.GetAsync(root + "//c/exchanges")).JsonAsync(HttpStatusCode.OK)).AsArray().Select(n => (string)n!));
        Assert.Equal("ncmec", (string)(await (await Curator.GetAsync($"{root}//c/exchange/{name}")).JsonAsync(HttpStatusCode.OK))["api"]!);
        await (await Curator.GetAsync($"{root}//c/exchange/{name}/status")).JsonAsync(HttpStatusCode.OK);
        await (await Curator.GetAsync(root + "//c/exchanges/api/ncmec/schema")).JsonAsync(HttpStatusCode.OK);
        await (await Curator.GetAsync(root + "//c/exchanges/api/ncmec")).JsonAsync(HttpStatusCode.OK);
        await (await Curator.DeleteAsync($"{root}//c/exchange/{name}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await Curator.GetAsync($"/c/exchange/{name}")).StatusCode);
    }
}
