using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Hma;

public abstract partial class HmaApiTests
{
    [Fact]
    public async Task A_signal_added_to_a_bank_is_looked_up_exactly_and_nearby()
    {
        var bank = await CreateBankAsync();
        var pdq = RandomPdq();
        var id = await AddSignalAsync(bank, pdq);

        // test_e2e_workflow.py and docs/api.md: {"TEST_BANK": [{"bank_content_id": 1, "distance": "0"}]}
        AssertJson(
            $$"""{"{{bank}}": [{"bank_content_id": {{id}}, "distance": "0"}]}""",
            await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={pdq}")).JsonAsync(HttpStatusCode.OK));
        AssertJson(
            $$"""{"{{bank}}": [{"bank_content_id": {{id}}, "distance": "5"}]}""",
            await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={FlipBits(pdq, 5)}")).JsonAsync(HttpStatusCode.OK));
        AssertJson("{}", await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={RandomPdq()}")).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Lookups_are_filtered_by_bank()
    {
        // tests/test_match_api.py test_lookup_with_bank_filter
        var (a, b, c) = (await CreateBankAsync(), await CreateBankAsync(), await CreateBankAsync());
        var pdq = RandomPdq();
        foreach (var bank in new[] { a, b, c })
        {
            await AddSignalAsync(bank, pdq);
        }

        var all = (await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={pdq}")).JsonAsync(HttpStatusCode.OK)).AsObject();
        var two = (await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={pdq}&banks={a},{c}")).JsonAsync(HttpStatusCode.OK)).AsObject();
        var none = (await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={pdq}&banks=NON_EXISTENT_BANK")).JsonAsync(HttpStatusCode.OK)).AsObject();

        Assert.Equal(new[] { a, b, c }.Order(StringComparer.Ordinal), all.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { a, c }.Order(StringComparer.Ordinal), two.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Raw_lookup_answers_ids_and_with_include_distance_the_distances()
    {
        // tests/test_api_banks.py test_banks_add_hash_index; tests/test_match_api.py test_raw_lookups
        var bank = await CreateBankAsync();
        var pdq = RandomPdq();
        var id = await AddSignalAsync(bank, pdq);

        AssertJson($$"""{"matches": [{{id}}]}""", await (await Platform.GetAsync($"/m/raw_lookup?signal_type=pdq&signal={pdq}")).JsonAsync(HttpStatusCode.OK));
        AssertJson(
            $$"""{"matches": [{"bank_content_id": {{id}}, "distance": "2"}]}""",
            await (await Platform.GetAsync($"/m/raw_lookup?signal_type=pdq&signal={FlipBits(pdq, 2)}&include_distance=true&banks={bank}")).JsonAsync(HttpStatusCode.OK));
        AssertJson("""{"matches": []}""", await (await Platform.GetAsync($"/m/raw_lookup?signal_type=pdq&signal={RandomPdq()}")).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Lookup_mistakes_get_HMA_messages()
    {
        await AssertMessageAsync(await Platform.GetAsync("/m/lookup?signal_type=pdq"), HttpStatusCode.BadRequest, "Either url or both signal and signal_type are required");
        await AssertMessageAsync(await Platform.GetAsync($"/m/lookup?signal_type=tmk&signal={RandomPdq()}"), HttpStatusCode.BadRequest, "No such SignalType 'tmk'");
        await AssertMessageAsync(await Platform.GetAsync("/m/lookup?signal_type=pdq&signal=banana"), HttpStatusCode.BadRequest, "invalid signal: ");
        await AssertMessageAsync(await Platform.GetAsync("/m/raw_lookup?signal_type=video_md5&signal=banana"), HttpStatusCode.BadRequest, "invalid signal: ");
        await AssertMessageAsync(await Platform.GetAsync("/m/index/status?signal_type=tmk"), HttpStatusCode.BadRequest, "No such signal type 'tmk'");
    }

    [Fact]
    public async Task Compare_answers_as_HMA()
    {
        // tests/test_api.py test_compare_hashes
        const string Specimen1 = "facd8bcb2a49bcebdec1985298d5fe84bcd006c187c598c720c3c087b3fdb318";
        const string Specimen2 = "facd8bcb2a49bcebdec1985228d5ae84bcd006c187c598c720c2b087b3fdb318";

        AssertJson(
            """{"pdq": [true, {"distance": 9}]}""",
            await (await Platform.PostAsync("/m/compare", Json(new JsonObject { ["pdq"] = new JsonArray(Specimen1, Specimen2) }))).JsonAsync(HttpStatusCode.OK));
        AssertJson(
            """{"video_md5": [true, {}]}""",
            await (await Platform.PostAsync("/m/compare", Json(JsonNode.Parse("""{"video_md5": ["d41d8cd98f00b204e9800998ecf8427e", "D41D8CD98F00B204E9800998ECF8427E"]}""")!))).JsonAsync(HttpStatusCode.OK));
        foreach (var bad in new[] { """["banana"]""", """{"pdq": "banana"}""", """{"pdq": []}""", """{"pdq": ["banana", "banana"]}""", $$"""{"pdq": ["{{Specimen1}}", "{{Specimen2}}", "{{Specimen1}}"]}""" })
        {
            var response = await Platform.PostAsync("/m/compare", Json(JsonNode.Parse(bad)!));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)response.StatusCode}");
            Assert.NotNull((await response.JsonAsync(HttpStatusCode.BadRequest))["message"]);
        }
    }

    [Fact]
    public async Task Index_status_reports_the_live_index()
    {
        // The other tests of the class add to the same index, so its size is compared with what it was just before.
        var bank = await CreateBankAsync();
        var before = (long)(await (await Platform.GetAsync("/m/index/status?signal_type=pdq")).JsonAsync(HttpStatusCode.OK))["pdq"]!["size"]!;
        await AddSignalAsync(bank, RandomPdq());

        var status = await (await Platform.GetAsync("/m/index/status?signal_type=pdq")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["pdq"], status.AsObject().Select(p => p.Key));
        Assert.True((bool)status["pdq"]!["present"]!);
        Assert.Equal(before + 1, (long)status["pdq"]!["size"]!);
        Assert.True((long)status["pdq"]!["built_to"]! > 1_700_000_000);
        var all = await (await Platform.GetAsync("/m/index/status")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["pdq", "video_md5", "vpdq"], all.AsObject().Select(p => p.Key));
    }
}
