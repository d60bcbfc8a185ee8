using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Hma;

public abstract partial class HmaApiTests
{
    [Fact]
    public async Task Banks_are_created_and_listed_as_in_HMA()
    {
        // tests/test_api_banks.py test_banks_create
        await AssertMessageAsync(
            await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = "01_TEST_BANK" })), HttpStatusCode.BadRequest, "Bank names must be UPPER_WITH_UNDERSCORE");
        await AssertMessageAsync(
            await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = "my_test_bank" })), HttpStatusCode.BadRequest, "Bank names must be UPPER_WITH_UNDERSCORE");
        var name = await CreateBankAsync(NewBankName() + "_01");

        var list = (await (await Curator.GetAsync("/c/banks")).JsonAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(list, bank => JsonNode.DeepEquals(bank, JsonNode.Parse($$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""")));
        AssertJson($$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""", await (await Curator.GetAsync($"/c/bank/{name}")).JsonAsync(HttpStatusCode.OK));
        await AssertMessageAsync(await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = name })), HttpStatusCode.Forbidden, "Bank already exists");
        await AssertMessageAsync(await Curator.GetAsync("/c/bank/NO_SUCH_BANK_X"), HttpStatusCode.NotFound, "bank 'NO_SUCH_BANK_X' not found");
    }

    [Fact]
    public async Task Banks_are_created_as_Coop_creates_them_with_the_ratio_as_a_string()
    {
        var enabled = NewBankName();
        var disabled = NewBankName();

        var on = await (await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = enabled, ["enabled_ratio"] = "1" }))).JsonAsync(HttpStatusCode.Created);
        var off = await (await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = disabled, ["enabled_ratio"] = "0" }))).JsonAsync(HttpStatusCode.Created);

        AssertJson($$"""{"matching_enabled_ratio": 1.0, "name": "{{enabled}}"}""", on);
        AssertJson($$"""{"matching_enabled_ratio": 0.0, "name": "{{disabled}}"}""", off);
    }

    [Fact]
    public async Task A_body_naming_a_key_twice_is_a_400()
    {
        // Found by the fuzzer (tests/Aegis.Fuzz.Tests): the duplicate surfaced as an ArgumentException, a 500, when the key was read.
        var name = await CreateBankAsync();
        using var body = new StringContent("""{"enabled_ratio":0.5,"enabled_ratio":0.5}""", Encoding.UTF8, "application/json");

        await AssertMessageAsync(await Curator.PutAsync($"/c/bank/{name}", body), HttpStatusCode.BadRequest, "given twice");
    }

    [Fact]
    public async Task A_body_with_a_lone_surrogate_in_a_key_or_string_is_a_400()
    {
        // Found by the fuzzer: the parser accepts "\ud800", and reading the key later threw InvalidOperationException, a 500.
        foreach (var json in new[] { """{"name":"X_LONE","a\ud800b":1}""", """{"name":"X_LONE\udc00"}""" })
        {
            using var body = new StringContent(json, Encoding.UTF8, "application/json");
            await AssertMessageAsync(await Curator.PostAsync("/c/banks", body), HttpStatusCode.BadRequest, "not valid Unicode");
        }
    }

    [Fact]
    public async Task Banks_are_updated_as_in_HMA_with_the_ratio_read_as_enabled_or_not()
    {
        // tests/test_api_banks.py test_banks_update
        var name = await CreateBankAsync();

        await AssertMessageAsync(
            await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["name"] = "1_invalid_name" })), HttpStatusCode.BadRequest, "Bank names must be UPPER_WITH_UNDERSCORE");
        var off = await (await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled"] = false }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (double)off["matching_enabled_ratio"]!);
        var half = await (await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled_ratio"] = 0.5 }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1.0, (double)half["matching_enabled_ratio"]!);
        var zero = await (await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled_ratio"] = "0" }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (double)zero["matching_enabled_ratio"]!);

        await AssertMessageAsync(
            await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["name"] = name + "_RENAMED" })), HttpStatusCode.NotImplemented, "cannot rename");
        await AssertMessageAsync(
            await Curator.PutAsync("/c/bank/NO_SUCH_BANK_X", Json(new JsonObject { ["enabled"] = true })), HttpStatusCode.NotFound, "Bank not found");
    }

    [Fact]
    public async Task Deleting_a_bank_disables_it_and_deleting_twice_succeeds()
    {
        // tests/test_api_banks.py test_banks_delete
        var name = await CreateBankAsync();
        var pdq = RandomPdq();
        await AddSignalAsync(name, pdq);

        AssertJson("""{"message": "Done"}""", await (await Curator.DeleteAsync($"/c/bank/{name}")).JsonAsync(HttpStatusCode.OK));
        AssertJson("""{"message": "Done"}""", await (await Curator.DeleteAsync($"/c/bank/{name}")).JsonAsync(HttpStatusCode.OK));
        AssertJson("""{"message": "Done"}""", await (await Curator.DeleteAsync("/c/bank/NO_SUCH_BANK_X")).JsonAsync(HttpStatusCode.OK));

        AssertJson($$"""{"matching_enabled_ratio": 0.0, "name": "{{name}}"}""", await (await Curator.GetAsync($"/c/bank/{name}")).JsonAsync(HttpStatusCode.OK));
        AssertJson("{}", await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={pdq}")).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Signal_and_content_types_are_listed_and_there_are_no_exchanges()
    {
        AssertJson(
            """[{"enabled_ratio": 1.0, "name": "pdq"}, {"enabled_ratio": 1.0, "name": "video_md5"}, {"enabled_ratio": 1.0, "name": "vpdq"}]""",
            await (await Curator.GetAsync("/c/signal_type")).JsonAsync(HttpStatusCode.OK));
        AssertJson(
            """[{"enabled": true, "name": "photo"}, {"enabled": true, "name": "video"}]""",
            await (await Curator.GetAsync("/c/content_type")).JsonAsync(HttpStatusCode.OK));

        // Coop reads a 404 from GET /c/exchange/<name> as "a plain bank", and treats a 404 on delete as done.
        AssertJson("[]", await (await Curator.GetAsync("/c/exchanges/apis")).JsonAsync(HttpStatusCode.OK));
        AssertJson("[]", await (await Curator.GetAsync("/c/exchanges")).JsonAsync(HttpStatusCode.OK));
        await AssertMessageAsync(await Curator.GetAsync("/c/exchange/SOME_BANK"), HttpStatusCode.NotFound, "Exchange 'SOME_BANK' not found");
        await AssertMessageAsync(await Curator.DeleteAsync("/c/exchange/SOME_BANK"), HttpStatusCode.NotFound, "Exchange 'SOME_BANK' not found");
        var create = new JsonObject { ["bank"] = "TX_BANK", ["api"] = "fb_threatexchange", ["api_json"] = new JsonObject() };
        await AssertMessageAsync(await Curator.PostAsync("/c/exchanges", Json(create)), HttpStatusCode.NotImplemented, "does not fetch from exchanges");
    }

    [Fact]
    public async Task Status_is_HMA_plain_text()
    {
        // tests/test_api.py: response.data == b"I-AM-ALIVE"
        var response = await Platform.GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("I-AM-ALIVE", await response.Content.ReadAsStringAsync());
    }
}
