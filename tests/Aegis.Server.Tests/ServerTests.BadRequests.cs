using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    public static TheoryData<string, string, string, string?, int, string> BadRequests => new()
    {
        // method, path, content type, body, status, a fragment of the detail
        { "POST", "/v1/media?content_id=bad-1", "application/octet-stream", "", 400, "no bytes" },
        { "POST", "/v1/media", "application/octet-stream", "GIF89a", 400, "content_id" },
        { "POST", "/v1/media?content_id=bad-2", "application/octet-stream", "this is not an image", 415, "Not a recognised image" },
        { "POST", "/v1/media?content_id=bad-3", "image/png", "\u0089PNG\r\n\u001a\n\0\0\0\rIHDR", 422, "truncated" },
        { "POST", "/v1/media?content_id=bad-4&uploaded_at=yesterday", "application/octet-stream", "GIF89a", 400, "uploaded_at" },
        { "POST", "/v1/lookup", "application/json", "{\"pdq\":", 400, "JSON" },
        { "POST", "/v1/lookup", "application/json", "{}", 400, "at least one of" },
        { "POST", "/v1/lookup", "application/json", "{\"pdq\":\"zz\"}", 400, "64 hex" },
        { "POST", "/v1/lookup", "application/json", "{\"md5\":\"0123\"}", 400, "32 hex" },
        { "POST", "/v1/lookup", "application/json", "{\"vpdq\":\"[1,2]\"}", 400, "vPDQ" },
        { "POST", "/v1/lookup", "application/json", "{\"pdq\":5}", 400, "$.pdq" },
        { "POST", "/v1/lookup", "application/json", "{\"sha256\":\"aa\",\"surprise\":1}", 400, "surprise" },
        // Found by the fuzzer (tests/Aegis.Fuzz.Tests): the detail named .NET types ("could not be converted to System.String").
        { "POST", "/v1/reports", "application/json", "{\"content_ids\":[1],\"category\":\"other_policy\"}", 400, "$.content_ids[0]" },
        { "POST", "/v1/lookup", "application/json", "{\"uploaded_at\":\"soon\"}", 400, "$.uploaded_at" },
        { "POST", "/v1/lookup", "text/plain", "pdq", 415, "does not read 'text/plain'" },
        { "POST", "/v1/banks", "application/json", "{\"name\":\"has space\"}", 400, "letters, digits" },
        { "POST", "/v1/banks", "application/json", "{\"name\":\"ok-name-x\",\"pdq_threshold\":99}", 400, "between 0 and 63" },
        { "POST", "/v1/banks", "application/json", "{\"name\":\"ok-name-y\",\"action\":\"explode\"}", 400, "$.action" },
        { "POST", "/v1/banks", "application/json", "{\"name\":\"ok-name-z\",\"video\":{\"query_percent\":-1,\"containment_percent\":80,\"segment_frames\":5}}", 400, "Video rules" },
        { "GET", "/v1/banks/no-such-bank", "", null, 404, "no-such-bank" },
        { "PATCH", "/v1/banks/no-such-bank", "application/json", "{\"enabled\":false}", 404, "no-such-bank" },
        { "POST", "/v1/banks/no-such-bank/entries", "application/json", "{\"signal_type\":\"md5\",\"value\":\"00112233445566778899aabbccddeeff\"}", 404, "no-such-bank" },
        { "PATCH", "/v1/banks/no-such-bank/entries/999999999", "application/json", "{\"enabled\":false}", 404, "999999999" },
        { "POST", "/v1/banks/no-such-bank/imports", "text/plain", "pdq 00", 404, "no-such-bank" },
        { "GET", "/v1/banks/no-such-bank/export?format=yaml", "", null, 400, "format" },
        { "GET", "/v1/match-events?limit=0", "", null, 400, "limit" },
        { "GET", "/v1/imports/nope", "", null, 404, "nope" },
        { "GET", "/v1/match-events?after=abc", "", null, 400, "after" },
        { "GET", "/v1/no-such-thing", "", null, 404, "nothing at /v1/no-such-thing" },
        { "DELETE", "/v1/lookup", "", null, 405, "DELETE is not allowed" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Each_bad_request_gets_its_4xx_with_a_clear_detail(string method, string path, string contentType, string? body, int status, string detail)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(status, (int)problem["status"]!);
        Assert.Contains(detail, (string)problem["detail"]!, StringComparison.OrdinalIgnoreCase);
        AssertNamesNoDotNetType(text);
    }

    public static TheoryData<string, string, string, string?, int, string[]> BadBodies => new()
    {
        // method, path, content type, body, status, what the detail must say (the field and what it takes)
        { "POST", "/v1/lookup", "application/json", "{\"pdq\":5}", 400, ["$.pdq", "a string"] },
        { "POST", "/v1/lookup", "application/json", "{\"md5\":\"x\",\"uploaded_at\":\"yesterday\"}", 400, ["$.uploaded_at", "date and time"] },
        { "POST", "/v1/lookup", "application/json", "{\"pdq\":\"aa\" x", 400, ["not valid JSON", "line 1"] },
        { "POST", "/v1/lookup", "application/json", "", 400, ["JSON body"] },
        { "POST", "/v1/lookup", "", null, 400, ["JSON body"] },
        { "POST", "/v1/lookup", "application/json", "{\"sha256\":\"aa\",\"surprise\":1}", 400, ["$.surprise", "not a field", "sha256"] },
        { "POST", "/v1/lookup", "application/xml", "<pdq/>", 415, ["'application/xml'"] },
        { "POST", "/v1/lookup", "application/json", "{\"md5\":\"x\",\"a\\ud800\":1}", 400, ["JSON"] },
        { "POST", "/v1/lookup", "application/json", "{\"md5\":\"\\ud800\"}", 400, ["$.md5"] },
        { "POST", "/v1/lookup", "application/json", "[\"pdq\"]", 400, ["must be an object"] },
        { "POST", "/v1/reports", "application/json", "{\"content_ids\":5,\"category\":\"other_policy\"}", 400, ["$.content_ids", "a list"] },
        { "POST", "/v1/reports", "application/json", "{\"content_ids\":[5],\"category\":\"other_policy\"}", 400, ["$.content_ids[0]", "a string"] },
        { "POST", "/v1/reports", "application/json", "{\"content_ids\":[\"a\"],\"category\":\"nope\"}", 400, ["$.category", "one of", "\"sextortion\""] },
        { "POST", "/v1/reports", "application/json", "{\"content_ids\":[\"a\"],\"category\":\"other_policy\",\"reporter_is_subject\":\"yes\"}", 400, ["$.reporter_is_subject", "true or false"] },
        { "POST", "/v1/reports", "application/json", "{\"content_ids\":[\"a\"],\"category\":\"other_policy\",\"extra\":1}", 400, ["$.extra", "not a field", "content_ids"] },
        { "POST", "/v1/reports", "application/json", "{\"content_ids\":[\"a\"", 400, ["not valid JSON"] },
        { "POST", "/v1/banks", "application/json", "{\"name\":\"ok-name-t\",\"pdq_threshold\":\"high\"}", 400, ["$.pdq_threshold", "whole number"] },
        { "POST", "/v1/banks", "application/json", "{\"name\":\"ok-name-u\",\"video\":{\"query_percent\":\"a\"}}", 400, ["$.video.query_percent", "a number"] },
        { "POST", "/v1/banks", "application/json", "{\"name\":\"ok-name-v\",\"video\":{\"bogus\":1}}", 400, ["$.video.bogus", "not a field", "query_percent"] },
        { "POST", "/v1/banks", "application/json", "{\"name\":\"ok-name-w\",\"action\":\"explode\"}", 400, ["$.action", "\"block\""] },
        { "PATCH", "/v1/banks/no-such-bank", "application/json", "{\"enabled\":\"yes\"}", 400, ["$.enabled", "true or false"] },
        { "POST", "/v1/banks", "text/plain", "name", 415, ["does not read 'text/plain'"] },
        { "POST", "/v1/cases/1/decisions", "application/json", "{\"kind\":\"maybe\"}", 400, ["$.kind", "\"confirm_csam\""] },
        { "POST", "/v1/cases/1/decisions", "application/json", "{\"kind\":\"dismiss\",\"reason\":5}", 400, ["$.reason", "a string"] },
        { "POST", "/v1/cases/1/decisions", "application/json", "", 400, ["JSON body"] },
        { "GET", "/v1/cases?limit=abc", "", null, 400, ["limit", "'abc'", "whole number"] },
        { "GET", "/v1/cases?state=nope", "", null, 400, ["state", "'nope'", "AwaitingSecondReview"] },
        { "POST", "/v1/contents/x/exposure", "application/json", "{\"views\":\"many\",\"shares\":1}", 400, ["$.views", "whole number"] },
        { "POST", "/v1/contents/x/exposure", "application/json", "{\"views\":1.5,\"shares\":1}", 400, ["$.views", "whole number"] },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_or_parameter_gets_a_detail_naming_the_field_and_what_it_takes_and_no_dotnet_type(
        string method, string path, string contentType, string? body, int status, string[] says)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"{method} {path} {body}: expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string)JsonNode.Parse(text)!["detail"]!;
        foreach (var part in says)
        {
            Assert.True(detail.Contains(part, StringComparison.Ordinal), $"{method} {path} {body}: the detail does not say '{part}': {detail}");
        }

        AssertNamesNoDotNetType(text);
    }

    public static TheoryData<string, string, string> DuplicateKeys => new()
    {
        // method, path, a body with a key given twice (every JSON endpoint family)
        { "POST", "/v1/lookup", "{\"md5\":\"00112233445566778899aabbccddeeff\",\"md5\":\"ffeeddccbbaa99887766554433221100\"}" },
        { "POST", "/v1/reports", "{\"content_ids\":[\"a\"],\"category\":\"other_policy\",\"category\":\"sextortion\"}" },
        { "POST", "/v1/banks", "{\"name\":\"dup-one\",\"name\":\"dup-two\"}" },
        { "POST", "/v1/banks", "{\"name\":\"dup-three\",\"video\":{\"segment_frames\":5,\"segment_frames\":6}}" },
        { "POST", "/v1/cases/1/decisions", "{\"kind\":\"dismiss\",\"kind\":\"confirm_violation\"}" },
        { "POST", "/v1/contents/x/exposure", "{\"views\":1,\"shares\":1,\"views\":100}" },
    };

    [Theory]
    [MemberData(nameof(DuplicateKeys))]
    public async Task A_JSON_body_with_a_key_given_twice_gets_400_naming_the_key(string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        var response = await Admin.SendAsync(request);
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("given twice", (string)problem["detail"]!, StringComparison.Ordinal);
        AssertNamesNoDotNetType(problem.ToJsonString());
    }

    /// <summary>A problem names fields and values, never the server's .NET types or namespaces.</summary>
    internal static void AssertNamesNoDotNetType(string text)
    {
        foreach (var name in new[] { "Aegis.", "System.", "Microsoft.", "`1" })
        {
            Assert.False(text.Contains(name, StringComparison.Ordinal), $"the answer names a .NET type ({name}): {text}");
        }
    }

    [Fact]
    public async Task Bad_uploads_sent_alongside_good_ones_fail_alone()
    {
        // Given good images, corrupt and truncated images, a truncated video and junk, all sent at once
        var good = Enumerable.Range(0, 12).Select(i => (Name: NewName("good"), Bytes: Images.Unrelated(300 + i), Ok: true));
        var jpeg = Bridge;
        var bad = new[]
        {
            (Name: NewName("cut"), Bytes: jpeg[..(jpeg.Length / 3)], Ok: false),
            (Name: NewName("junk"), Bytes: Encoding.ASCII.GetBytes("definitely not media"), Ok: false),
            (Name: NewName("png"), Bytes: Encoding.Latin1.GetBytes("\u0089PNG\r\n\u001a\n\0\0\0\rIHDR"), Ok: false),
            (Name: NewName("video"), Bytes: (await File.ReadAllBytesAsync(Support.Api.Chair))[..20_000], Ok: false),
        };
        var all = good.Concat(bad).OrderBy(x => x.Name, StringComparer.Ordinal).ToList();

        // When they are uploaded concurrently
        var responses = await Task.WhenAll(all.Select(async x => (x, await Platform.PostBytesAsync($"/v1/media?content_id={x.Name}", x.Bytes))));

        // Then every good one got its verdict and every bad one its own 4xx problem
        foreach (var ((name, _, ok), response) in responses)
        {
            if (ok)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else
            {
                Assert.InRange((int)response.StatusCode, 400, 499);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task A_truncated_video_gets_422_with_a_detail()
    {
        var truncated = (await File.ReadAllBytesAsync(Support.Api.Chair))[..20_000];

        var response = await Platform.PostBytesAsync("/v1/media?content_id=" + NewName("cut"), truncated);
        var problem = await response.JsonAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Video not accepted", (string)problem["title"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
    }

    [Fact]
    public async Task A_bad_bank_entry_gets_400_naming_the_problem()
    {
        var bank = await CreateBankAsync("bad-entry");

        var response = await Curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = "md5", value = "xyz" });
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("MD5", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_request_larger_than_the_limit_gets_413_and_the_server_goes_on()
    {
        await using var small = await RunningServer.StartAsync(Fixture.Database.Options, o => o.MaxRequestBytes = 1000);
        using var client = small.Client(Fixture.Platform);

        var response = await client.PostBytesAsync("/v1/media?content_id=" + NewName("big"), new byte[5000]);
        var ok = await client.PostJsonAsync("/v1/lookup", new { md5 = new string('a', 32) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    /// <summary>
    /// How many requests the rate-limit test sends at once to a key with a burst of 2. The limiter adds at most 10 tokens a
    /// second, so for none to be refused they would have to arrive spread over 5 s: a margin for a busy machine, where
    /// five requests one after another could each take long enough for a token to come back.
    /// </summary>
    private const int RateLimitedRequests = 50;

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429()
    {
        await using var limited = await RunningServer.StartAsync(Fixture.Database.Options, o => o.RateLimit = new Hosting.RateLimitOptions { RequestsPerSecond = 1, Burst = 2 });
        using var client = limited.Client(Fixture.Platform);

        var statuses = await Task.WhenAll(Enumerable.Range(0, RateLimitedRequests).Select(async _ =>
            (await client.PostJsonAsync("/v1/lookup", new { md5 = new string('b', 32) })).StatusCode));

        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)status}"));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(status => status == HttpStatusCode.OK) >= 2, "the burst of 2 was not let through");
    }
}
