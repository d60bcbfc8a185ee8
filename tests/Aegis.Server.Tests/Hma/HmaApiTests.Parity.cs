using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Hashing.Files;
using Aegis.Hashing.Pdq;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// Where Aegis now answers as HMA does: the bank's <c>enabled_ratio</c> sampled by HMA's seeded coin flip, the empty PDQ of
/// a low-quality or tiny photo, notes and metadata read back, and pydantic's 422 for a request that does not fit HMA's model.
/// </summary>
public abstract partial class HmaApiTests
{
    [Fact]
    public async Task A_banks_ratio_samples_HMA_lookups_by_the_seeded_coin_flip_and_the_native_gate_never_samples()
    {
        // Given a bank matched by half the lookups (seed 12345 flips 0.457, seed abc 0.772)
        var name = await CreateBankAsync();
        var pdq = RandomPdq();
        var id = await AddSignalAsync(name, pdq);
        var half = await (await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled_ratio"] = 0.5 }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0.5, (double)half["matching_enabled_ratio"]!);
        var lookup = $"/m/lookup?signal_type=pdq&signal={pdq}";
        var match = $$"""{"{{name}}": [{"bank_content_id": {{id}}, "distance": "0"}]}""";

        // Then a flip at or under the ratio matches, one over it does not, the same every time for one seed
        AssertJson(match, await (await Platform.GetAsync(lookup + "&seed=12345")).JsonAsync(HttpStatusCode.OK));
        AssertJson("{}", await (await Platform.GetAsync(lookup + "&seed=abc")).JsonAsync(HttpStatusCode.OK));
        AssertJson("{}", await (await Platform.GetAsync(lookup + "&seed=abc")).JsonAsync(HttpStatusCode.OK));
        await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled_ratio"] = 0.7720246314157545 }));
        AssertJson(match, await (await Platform.GetAsync(lookup + "&seed=abc")).JsonAsync(HttpStatusCode.OK));
        await Curator.PutAsync($"/c/bank/{name}", Json(new JsonObject { ["enabled_ratio"] = 0.5 }));

        // And without a seed about half the lookups match (60 all alike: 2 chances in 2^60)
        var matched = 0;
        for (var i = 0; i < 60; i++)
        {
            matched += (await (await Platform.GetAsync(lookup)).JsonAsync(HttpStatusCode.OK)).AsObject().Count;
        }

        Assert.InRange(matched, 1, 59);

        // And an upload's lookup flips too, unless bypass_coinflip=true (as HMA reads it: POST only)
        var bank = await CreateBankAsync();
        await Curator.PostAsync($"/c/bank/{bank}/content", Upload("photo", Bridge, "bridge.jpg", "image/jpeg"));
        await Curator.PutAsync($"/c/bank/{bank}", Json(new JsonObject { ["enabled_ratio"] = 0.5 }));
        AssertJson("""{"pdq": {}}""", await (await Platform.PostAsync($"/m/lookup?banks={bank}&seed=abc", Upload("photo", Bridge, "b.jpg", "image/jpeg"))).JsonAsync(HttpStatusCode.OK));
        var bypassed = await (await Platform.PostAsync($"/m/lookup?banks={bank}&seed=abc&bypass_coinflip=true", Upload("photo", Bridge, "b.jpg", "image/jpeg"))).JsonAsync(HttpStatusCode.OK);
        Assert.NotNull(bypassed["pdq"]![bank]);

        // And the native gate does not sample: an enabled bank always takes part there
        var native = await (await Platform.PostJsonAsync("/v1/lookup", new { pdq })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string)native["verdict"]!);
    }

    [Fact]
    public async Task A_photo_of_PDQ_quality_under_50_or_under_5_pixels_a_side_hashes_to_an_empty_pdq_as_in_HMA()
    {
        // python-threatexchange PdqSignal.hash_from_bytes: "" under quality 50; the reference gives a 1×1 or 4×4 image quality 0.
        foreach (var image in new[] { Images.Plain(64, 64), Images.Plain(1, 1), Images.Checkerboard(4, 4) })
        {
            AssertJson("""{"pdq": ""}""", await (await Platform.PostAsync("/h/hash", Upload("photo", image, "tiny.png", "image/png"))).JsonAsync(HttpStatusCode.OK));
        }

        // A 5×5 image is hashed, as the reference hashes it, when its quality is 50 or more.
        var fiveByFive = Images.Checkerboard(5, 5);
        var reference = new ImageFileHasher().Hash(fiveByFive).Pdq;
        Assert.True(reference.Quality >= PdqResult.MinimumUsefulQuality, $"the 5×5 checkerboard's quality is {reference.Quality}");
        AssertJson(
            $$"""{"pdq": "{{reference.Hash}}"}""",
            await (await Platform.PostAsync("/h/hash", Upload("photo", fiveByFive, "five.png", "image/png"))).JsonAsync(HttpStatusCode.OK));

        // An empty pdq is no signal: HMA's lookup and bank refuse it (400), as they refuse any invalid signal.
        var bank = await CreateBankAsync();
        await AssertMessageAsync(
            await Platform.PostAsync("/m/lookup", Upload("photo", Images.Plain(64, 64), "plain.png", "image/png")), HttpStatusCode.BadRequest, "invalid signal");
        await AssertMessageAsync(
            await Curator.PostAsync($"/c/bank/{bank}/content", Upload("photo", Images.Plain(64, 64), "plain.png", "image/png")), HttpStatusCode.BadRequest, "Invalid pdq signal");
    }

    [Fact]
    public async Task Notes_and_metadata_stored_on_content_come_back_on_read_in_HMAs_shape()
    {
        // Given content added with metadata (collab is dropped, as HMA drops it) and a note
        var bank = await CreateBankAsync();
        var upload = Upload("photo", Bridge, "bridge.jpg", "image/jpeg");
        upload.Add(new StringContent("""{"content_id": "post-1", "content_uri": "https://example.com/post/1", "json": {"b": {"d": 1, "c": 2}, "a": [1]}, "collab": {"X": ["1"]}}"""), "metadata");
        upload.Add(new StringContent("Reported by user X"), "note");
        var id = (long)(await (await Curator.PostAsync($"/c/bank/{bank}/content", upload)).JsonAsync(HttpStatusCode.OK))["id"]!;
        var bankJson = $$"""{"matching_enabled_ratio": 1.0, "name": "{{bank}}"}""";
        var metadata = """{"collab": null, "content_id": "post-1", "content_uri": "https://example.com/post/1", "json": {"a": [1], "b": {"c": 2, "d": 1}}}""";

        // When it is read: the metadata (every key, sorted as Flask sorts them) and the note
        var read = await Curator.GetAsync($"/c/bank/{bank}/content/{id}");
        var text = await read.Content.ReadAsStringAsync();
        AssertJson(
            $$"""{"bank": {{bankJson}}, "disable_until_ts": 1, "id": {{id}}, "metadata": {{metadata}}, "note": "Reported by user X", "original_media_uri": null}""",
            await read.JsonAsync(HttpStatusCode.OK));
        Assert.Contains("\"json\":{\"a\":[1],\"b\":{\"c\":2,\"d\":1}}", text, StringComparison.Ordinal);
        var withoutMetadata = await (await Curator.GetAsync($"/c/bank/{bank}/content/{id}?include_metadata=false")).JsonAsync(HttpStatusCode.OK);
        Assert.Null(withoutMetadata["metadata"]);
        Assert.Equal("Reported by user X", (string)withoutMetadata["note"]!);

        // And a note is changed and cleared with PUT, which answers HMA's BankContentConfig
        var updated = await (await Curator.PutAsync($"/c/bank/{bank}/content/{id}", Json(new JsonObject { ["note"] = "Updated note" }))).JsonAsync(HttpStatusCode.OK);
        AssertJson(
            $$"""
            {"bank": {{bankJson}}, "collab_metadata": {}, "disable_until_ts": 1, "id": {{id}}, "note": "Updated note", "original_media_uri": null,
             "user_metadata": {"content_id": "post-1", "content_uri": "https://example.com/post/1", "json": {"a": [1], "b": {"c": 2, "d": 1} } } }
            """,
            updated);
        Assert.Equal("Updated note", (string)(await (await Curator.GetAsync($"/c/bank/{bank}/content/{id}")).JsonAsync(HttpStatusCode.OK))["note"]!);
        await Curator.PutAsync($"/c/bank/{bank}/content/{id}", Json(new JsonObject { ["note"] = "" }));
        var cleared = await (await Curator.GetAsync($"/c/bank/{bank}/content/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.False(cleared.AsObject().ContainsKey("note"));
        AssertJson(metadata, cleared["metadata"]);

        // And notes are checked as HMA checks them; a hash added with a note keeps it; content without any has neither key
        await AssertMessageAsync(
            await Curator.PutAsync($"/c/bank/{bank}/content/{id}", Json(new JsonObject { ["note"] = 5 })), HttpStatusCode.BadRequest, "note should be a string");
        await AssertMessageAsync(
            await Curator.PostAsync($"/c/bank/{bank}/signal", Json(new JsonObject { ["pdq"] = RandomPdq(), ["note"] = new string('x', 256) })),
            HttpStatusCode.BadRequest,
            "note must be at most 255 characters");
        var hashed = (long)(await (await Curator.PostAsync($"/c/bank/{bank}/signal", Json(new JsonObject { ["pdq"] = RandomPdq(), ["note"] = "Hash from campaign ABC" }))).JsonAsync(HttpStatusCode.OK))["id"]!;
        var hashedView = await (await Curator.GetAsync($"/c/bank/{bank}/content/{hashed}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Hash from campaign ABC", (string)hashedView["note"]!);
        Assert.False(hashedView.AsObject().ContainsKey("metadata"));
    }

    [Fact]
    public async Task Content_added_as_Coop_adds_it_keeps_the_content_id_and_uri_it_sends_as_fields()
    {
        // Coop's addContentToBank sends content_id and content_uri as form fields (file) or query parameters (url).
        var bank = await CreateBankAsync();
        var upload = Upload("photo", Bridge, "bridge.jpg", "image/jpeg");
        upload.Add(new StringContent("coop-item-7"), "content_id");
        upload.Add(new StringContent("https://coop.example/items/7"), "content_uri");

        var id = (long)(await (await Curator.PostAsync($"/c/bank/{bank}/content", upload)).JsonAsync(HttpStatusCode.OK))["id"]!;

        AssertJson(
            """{"collab": null, "content_id": "coop-item-7", "content_uri": "https://coop.example/items/7", "json": null}""",
            (await (await Curator.GetAsync($"/c/bank/{bank}/content/{id}")).JsonAsync(HttpStatusCode.OK))["metadata"]);
    }

    [Fact]
    public async Task A_request_that_does_not_fit_HMAs_model_is_a_422_listing_every_field_as_pydantic_does()
    {
        // flask-openapi3 validates BankCreateRequest, BankUpdateRequest, HashRequest, LookupRequest and RawLookupRequest
        // before HMA's handler runs, and answers pydantic's errors.
        AssertJson(
            """[{"type": "missing", "loc": ["name"], "msg": "Field required", "input": {"enabled": true}}]""",
            await (await Curator.PostAsync("/c/banks", Json(new JsonObject { ["enabled"] = true }))).JsonAsync(HttpStatusCode.UnprocessableEntity));
        AssertJson(
            """
            [{"type": "string_type", "loc": ["name"], "msg": "Input should be a valid string", "input": 5},
             {"type": "float_parsing", "loc": ["enabled_ratio"], "msg": "Input should be a valid number, unable to parse string as a number", "input": "half"},
             {"type": "bool_parsing", "loc": ["enabled"], "msg": "Input should be a valid boolean, unable to interpret input", "input": "maybe"}]
            """,
            await (await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = 5, ["enabled_ratio"] = "half", ["enabled"] = "maybe" })))
                .JsonAsync(HttpStatusCode.UnprocessableEntity));
        using var list = new StringContent("[1]", Encoding.UTF8, "application/json");
        AssertJson(
            """[{"type": "model_type", "loc": [], "msg": "Input should be a valid dictionary or instance of BankCreateRequest", "input": [1], "ctx": {"class_name": "BankCreateRequest"}}]""",
            await (await Curator.PostAsync("/c/banks", list)).JsonAsync(HttpStatusCode.UnprocessableEntity));

        // The body is checked before the bank is looked for, as in HMA.
        AssertJson(
            """[{"type": "float_type", "loc": ["enabled_ratio"], "msg": "Input should be a valid number", "input": [0.5]}]""",
            await (await Curator.PutAsync("/c/bank/NO_SUCH_BANK_X", Json(new JsonObject { ["enabled_ratio"] = new JsonArray(0.5) })))
                .JsonAsync(HttpStatusCode.UnprocessableEntity));

        AssertJson(
            """
            [{"type": "missing", "loc": ["signal"], "msg": "Field required", "input": {"include_distance": "maybe"}},
             {"type": "missing", "loc": ["signal_type"], "msg": "Field required", "input": {"include_distance": "maybe"}},
             {"type": "bool_parsing", "loc": ["include_distance"], "msg": "Input should be a valid boolean, unable to interpret input", "input": "maybe"}]
            """,
            await (await Platform.GetAsync("/m/raw_lookup?include_distance=maybe")).JsonAsync(HttpStatusCode.UnprocessableEntity));
        AssertJson(
            """[{"type": "bool_parsing", "loc": ["bypass_coinflip"], "msg": "Input should be a valid boolean, unable to interpret input", "input": "sometimes"}]""",
            await (await Platform.GetAsync($"/m/lookup?signal_type=pdq&signal={RandomPdq()}&bypass_coinflip=sometimes")).JsonAsync(HttpStatusCode.UnprocessableEntity));

        // A field that fits is read as pydantic reads it: a ratio as a string, a boolean as "on".
        var name = NewBankName();
        AssertJson(
            $$"""{"matching_enabled_ratio": 0.25, "name": "{{name}}"}""",
            await (await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = name, ["enabled_ratio"] = " 0.25 " }))).JsonAsync(HttpStatusCode.Created));
        AssertJson(
            """{"matches": []}""",
            await (await Platform.GetAsync($"/m/raw_lookup?signal_type=pdq&signal={RandomPdq()}&include_distance=on")).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task On_create_enabled_counts_only_when_enabled_ratio_is_given_as_null_as_in_HMA()
    {
        // BankCreateRequest.enabled_ratio defaults to 1.0, so HMA reads "enabled" only when the ratio is an explicit null.
        var ignored = NewBankName();
        var honoured = NewBankName();

        var created = await (await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = ignored, ["enabled"] = false }))).JsonAsync(HttpStatusCode.Created);
        var disabled = await (await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = honoured, ["enabled_ratio"] = null, ["enabled"] = false }))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(1.0, (double)created["matching_enabled_ratio"]!);
        Assert.Equal(0.0, (double)disabled["matching_enabled_ratio"]!);
    }

    [Fact]
    public async Task Doubled_slashes_are_answered_as_Werkzeug_answers_them()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = Fixture.Server.Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Fixture.Curator);

        // Leading slashes are one (Werkzeug strips them before matching): served, no redirect.
        var root = Fixture.Server.Address.GetLeftPart(UriPartial.Authority);
        Assert.Equal("//c/banks", new Uri(root + "//c/banks").AbsolutePath); // sent as written
        Assert.IsType<JsonArray>(await (await client.GetAsync(root + "//c/banks")).JsonAsync(HttpStatusCode.OK));

        // Slashes doubled further in: 308 to the merged path (query kept) when it is a route for the method; else 404 or 405.
        foreach (var path in new[] { "/c//banks?x=1", "//c//banks?x=1" })
        {
            var redirected = await client.GetAsync(root + path);
            Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
            Assert.Equal(new Uri(Fixture.Server.Address, "/c/banks?x=1"), redirected.Headers.Location);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/c//no_such_route")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.DeleteAsync("/c//banks")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(root + "//v1/banks")).StatusCode);

        // A client that follows redirects (as Coop's undici does) gets its answer, a POST with its body. (.NET drops an
        // Authorization header on a redirect, so the key goes in X-Api-Key.)
        using var following = Fixture.Server.Client(null);
        following.DefaultRequestHeaders.Add("X-Api-Key", Fixture.Curator);
        var name = NewBankName();
        AssertJson(
            $$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""",
            await (await following.PostAsync("/c//banks", Json(new JsonObject { ["name"] = name }))).JsonAsync(HttpStatusCode.Created));
    }
}
