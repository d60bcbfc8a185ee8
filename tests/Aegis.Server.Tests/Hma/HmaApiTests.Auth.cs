using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Hma;

public abstract partial class HmaApiTests
{
    [Fact]
    public async Task The_HMA_routes_need_a_key_of_the_right_role()
    {
        using var anonymous = Fixture.Server.Client(null);
        using var revoked = Fixture.Server.Client(Fixture.Revoked);
        var body = new JsonObject { ["name"] = NewBankName() };

        Assert.Equal(HttpStatusCode.Forbidden, (await Platform.PostAsync("/c/banks", Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Curator.GetAsync($"/m/lookup?signal_type=pdq&signal={RandomPdq()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Curator.PostAsync("/h/hash", Upload("photo", Bridge, "b.jpg", "image/jpeg"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/c/banks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/c/banks", Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/m/index/status")).StatusCode);

        using var byHeader = Fixture.Server.Client(null);
        byHeader.DefaultRequestHeaders.Add("X-Api-Key", Fixture.Curator);
        Assert.Equal(HttpStatusCode.OK, (await byHeader.GetAsync("/c/banks")).StatusCode);
    }

    [Fact]
    public async Task With_Hma_AnonymousRole_requests_without_a_key_get_that_role_on_the_HMA_routes_only()
    {
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o => o.Hma.AnonymousRole = "curator");
        using var anonymous = server.Client(null);
        var name = NewBankName();

        AssertJson(
            $$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""",
            await (await anonymous.PostAsync("/c/banks", Json(new JsonObject { ["name"] = name }))).JsonAsync(HttpStatusCode.Created));
        var banks = (await (await anonymous.GetAsync("/c/banks")).JsonAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(banks, b => (string)b!["name"]! == name);
        Assert.Equal("I-AM-ALIVE", await (await anonymous.GetAsync("/status")).Content.ReadAsStringAsync());

        // The role is curator's: not the matcher's, and nothing outside the HMA routes.
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync($"/m/lookup?signal_type=pdq&signal={RandomPdq()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/banks")).StatusCode);
    }

    [Fact]
    public async Task With_Hma_AnonymousRole_wrong_credentials_are_still_401_not_anonymous()
    {
        // Given HMA routes open to requests without credentials
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o => o.Hma.AnonymousRole = "curator");
        using var client = server.Client(null);

        // When credentials are sent that are not a valid key, in any form
        foreach (var (header, value) in new[] { ("Authorization", "Basic dXNlcjpwYXNz"), ("Authorization", "Bearer aegis_not-a-key"), ("X-Api-Key", "aegis_not-a-key"), ("X-Api-Key", "") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/c/banks");
            request.Headers.TryAddWithoutValidation(header, value);
            var response = await client.SendAsync(request);

            // Then they are refused (anonymous means no credentials at all)
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{header}: {value}: {(int)response.StatusCode}");
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        // And no credentials at all is still anonymous
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/c/banks")).StatusCode);
    }

    [Fact]
    public async Task A_JSON_body_with_a_key_given_twice_or_not_JSON_gets_400_with_a_message_naming_no_dotnet_type()
    {
        var bank = await CreateBankAsync();
        var cases = new (HttpClient Client, string Path, string Body, string Message)[]
        {
            (Curator, "/c/banks", """{"name": "HMA_A", "name": "HMA_B"}""", "'name' is given twice"),
            (Curator, $"/c/bank/{bank}/signal", $$"""{"pdq": "{{RandomPdq()}}", "pdq": "{{RandomPdq()}}"}""", "'pdq' is given twice"),
            (Platform, "/m/compare", """{"pdq": ["a"], "pdq": ["b"]}""", "'pdq' is given twice"),
            (Curator, "/c/banks", """{"name": """, "not valid JSON"),
        };

        foreach (var (client, path, body, message) in cases)
        {
            var response = await client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

            await AssertMessageAsync(response, HttpStatusCode.BadRequest, message);
            ServerTests.AssertNamesNoDotNetType(await response.Content.ReadAsStringAsync());
        }
    }
}
