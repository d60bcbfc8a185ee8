using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Hma;

/// <summary>
/// The HMA drop-in (<c>/h</c>, <c>/m</c>, <c>/c</c>, <c>/status</c>) over a real server, on SQLite and on PostgreSQL.
/// Requests are shaped as HMA's own tests (<c>OpenMediaMatch/tests</c>) send them and as ROOST's Coop does, and the
/// answers are checked against HMA's shapes. The tests of a class share one database, so each makes its own banks
/// and hashes.
/// </summary>
public abstract partial class HmaApiTests(ServerFixture fixture)
{
    /// <summary>HMA's PDQ of <c>pdq/data/bridge-mods/aaa-orig.jpg</c> (tests/utils.py), which is samples/images/bridge.jpg.</summary>
    protected const string BridgePdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    protected ServerFixture Fixture => fixture;

    protected HttpClient Curator => fixture.Server.Client(fixture.Curator);

    protected HttpClient Platform => fixture.Server.Client(fixture.Platform);

    protected static byte[] Bridge => File.ReadAllBytes(Support.Api.Image("bridge.jpg"));

    /// <summary>A bank name HMA accepts (<c>[A-Z_][A-Z0-9_]*</c>), unique to the test.</summary>
    protected static string NewBankName() => "HMA_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A random PDQ hash, so that no other test's bank matches it.</summary>
    protected static string RandomPdq() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary><paramref name="hex"/> with the low bit of its first <paramref name="count"/> hex digits flipped.</summary>
    protected static string FlipBits(string hex, int count)
    {
        var chars = hex.ToCharArray();
        for (var i = 0; i < count; i++)
        {
            chars[i] = Convert.ToHexStringLower([(byte)(Convert.ToByte(chars[i].ToString(), 16) ^ 1)])[1];
        }

        return new string(chars);
    }

    /// <summary>HMA's <c>tests/utils.py create_bank</c>: 201 and exactly <c>{"matching_enabled_ratio": 1.0, "name": …}</c>.</summary>
    protected async Task<string> CreateBankAsync(string? name = null)
    {
        name ??= NewBankName();
        var response = await Curator.PostAsync("/c/banks", Json(new JsonObject { ["name"] = name }));
        var text = await response.Content.ReadAsStringAsync();
        AssertJson($$"""{"matching_enabled_ratio": 1.0, "name": "{{name}}"}""", await response.JsonAsync(HttpStatusCode.Created));
        Assert.Contains("\"matching_enabled_ratio\":1.0", text, StringComparison.Ordinal);
        return name;
    }

    /// <summary>HMA's <c>POST /c/bank/&lt;name&gt;/signal</c> <c>{"pdq": …}</c>: 200 <c>{"id": …, "signals": {"pdq": …}}</c>.</summary>
    protected async Task<long> AddSignalAsync(string bank, string pdq)
    {
        var json = await (await Curator.PostAsync($"/c/bank/{bank}/signal", Json(new JsonObject { ["pdq"] = pdq }))).JsonAsync(HttpStatusCode.OK);
        var id = (long)json["id"]!;
        AssertJson($$"""{"id": {{id}}, "signals": {"pdq": "{{pdq}}" } }""", json);
        return id;
    }

    protected static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>A multipart body with one file, in the field HMA reads as the content type (<c>photo</c>, <c>video</c>).</summary>
    protected static MultipartFormDataContent Upload(string field, byte[] bytes, string fileName, string mediaType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    protected static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString()}");

    /// <summary>Asserts HMA's error: the status and <c>{"message": …}</c> holding <paramref name="message"/>.</summary>
    protected static async Task AssertMessageAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var json = await response.JsonAsync(status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, (string)json["message"]!, StringComparison.Ordinal);
    }
}

[Collection("sqlite-server")]
public sealed class SqliteHmaApiTests(SqliteServerFixture fixture) : HmaApiTests(fixture), IClassFixture<SqliteServerFixture>;

[Collection("postgres-server")]
public sealed class PostgresHmaApiTests(PostgresServerFixture fixture) : HmaApiTests(fixture), IClassFixture<PostgresServerFixture>;
