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
    public async Task Banks_are_updated_as_in_HMA_with_the_ratio_kept()
    {
        // tests/test_api_banks.py test_banks_update
        var name = await CreateBankAsync();

        await AssertMessageAsync(
            await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["name"] = "1_invalid_name" })), HttpStatusCode.BadRequest, "Bank names must be UPPER_WITH_UNDERSCORE");
        var off = await (await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled"] = false }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (double)off["matching_enabled_ratio"]!);
        var half = await (await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled_ratio"] = 0.5 }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0.5, (double)half["matching_enabled_ratio"]!);
        var banks = (await (await Curator.GetAsync("/c/banks")).JsonAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(banks, b => JsonNode.DeepEquals(b, JsonNode.Parse($$"""{"matching_enabled_ratio": 0.5, "name": "{{name}}"}""")));
        var zero = await (await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled_ratio"] = "0" }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (double)zero["matching_enabled_ratio"]!);
        var on = await (await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled"] = "yes" }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1.0, (double)on["matching_enabled_ratio"]!);
        await AssertMessageAsync(
            await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled_ratio"] = 1.5 })), HttpStatusCode.BadRequest, "between 0.0 and 1.0");

        await AssertMessageAsync(
            await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["name"] = name + "_RENAMED" })), HttpStatusCode.NotImplemented, "cannot rename");
        await AssertMessageAsync(
            await Curator.PutAsync("/c/bank/NO_SUCH_BANK_X", Json(new JsonObject { ["enabled"] = true })), HttpStatusCode.NotFound, "Bank not found");
    }

    [Fact]
    public async Task A_deleted_bank_is_gone_its_name_free_and_deleting_twice_succeeds()
    {
        // tests/test_api_banks.py test_banks_delete; HMA deletes the bank and its content (storage bank_delete).
        var name = await CreateBankAsync();
        var pdq = RandomPdq();
        var id = await AddSignalAsync(name, pdq);

        AssertJson("""{"message": "Done"}""", await (await Curator.DeleteAsync($"/c/bank/{name}")).JsonAsync(HttpStatusCode.OK));
        AssertJson("""{"message": "Done"}""", await (await Curator.DeleteAsync($"/c/bank/{name}")).JsonAsync(HttpStatusCode.OK));
        AssertJson("""{"message": "Done"}""", await (await Curator.DeleteAsync("/c/bank/NO_SUCH_BANK_X")).JsonAsync(HttpStatusCode.OK));

        // Gone: not found, not listed (here nor in the native API), not matched, its content gone with it.
        await AssertMessageAsync(await Curator.GetAsync($"/c/bank/{name}"), HttpStatusCode.NotFound, $"bank '{name}' not found");
        Assert.DoesNotContain((await (await Curator.GetAsync("/c/banks")).JsonAsync(HttpStatusCode.OK)).AsArray(), b => (string)b!["name"]! == name);
        Assert.DoesNotContain((await (await Curator.GetAsync("/v1/banks")).JsonAsync(HttpStatusCode.OK)).AsArray(), b => (string)b!["name"]! == name);
        AssertJson("{}", await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={pdq}")).JsonAsync(HttpStatusCode.OK));
        AssertJson("""{"matches": []}""", await (await Platform.GetAsync($"/m/raw_lookup?signal_type=pdq&signal={pdq}")).JsonAsync(HttpStatusCode.OK));

        // Its name is free: a new bank of that name starts empty, and the old content is not its content.
        await CreateBankAsync(name);
        await AssertMessageAsync(await Curator.GetAsync($"/c/bank/{name}/content/{id}"), HttpStatusCode.NotFound, $"content '{id}' not found");
        AssertJson("{}", await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={pdq}")).JsonAsync(HttpStatusCode.OK));
        var again = await AddSignalAsync(name, pdq);
        Assert.NotEqual(id, again);
        AssertJson(
            $$"""{"{{name}}": [{"bank_content_id": {{again}}, "distance": "0"}]}""",
            await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={pdq}")).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_bank_deleted_on_one_node_stops_matching_on_another_within_the_feed_poll()
    {
        // Given a second node on the same store that matches the bank's hash
        await using var other = await RunningServer.StartAsync(Fixture.Database.Options);
        using var otherPlatform = other.Client(Fixture.Platform);
        var name = await CreateBankAsync();
        var pdq = RandomPdq();
        await AddSignalAsync(name, pdq);
        var lookup = $"/m/lookup?signal_type=pdq&signal={pdq}";
        await Waits.UntilAsync(
            async () => (await (await otherPlatform.GetAsync(lookup)).JsonAsync(HttpStatusCode.OK))[name] is not null, "the other node to match the new hash");

        // When the bank is deleted on this node
        await Curator.DeleteAsync($"/c/bank/{name}");

        // Then the other node stops matching it (it applies the change feed every FeedPollMilliseconds)
        await Waits.UntilAsync(
            async () => (await (await otherPlatform.GetAsync(lookup)).JsonAsync(HttpStatusCode.OK)).AsObject().Count == 0, "the other node to stop matching the deleted bank");
    }

    [Fact]
    public async Task Signal_and_content_types_are_listed()
    {
        AssertJson(
            """[{"enabled_ratio": 1.0, "name": "pdq"}, {"enabled_ratio": 1.0, "name": "video_md5"}, {"enabled_ratio": 1.0, "name": "vpdq"}]""",
            await (await Curator.GetAsync("/c/signal_type")).JsonAsync(HttpStatusCode.OK));
        AssertJson(
            """[{"enabled": true, "name": "photo"}, {"enabled": true, "name": "video"}]""",
            await (await Curator.GetAsync("/c/content_type")).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Status_and_status_live_are_HMA_plain_text()
    {
        // tests/test_api.py: response.data == b"I-AM-ALIVE"; app.py: /status/live, the liveness check.
        foreach (var path in new[] { "/status", "/status/live" })
        {
            var response = await Platform.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("I-AM-ALIVE", await response.Content.ReadAsStringAsync());
        }
    }
}
