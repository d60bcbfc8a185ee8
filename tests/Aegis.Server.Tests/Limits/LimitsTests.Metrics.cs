using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Limits;

public sealed partial class LimitsTests
{
    [Fact]
    public async Task Metrics_count_every_answer_under_the_status_it_was_given()
    {
        // Given a server with a small body limit and one failed authentication a minute per address
        await using var server = await StartAsync(o =>
        {
            o.MaxRequestBytes = 1000;
            o.RateLimit.FailedAuthPerMinute = 1;
        });
        using var platform = server.Client(Fixture.Platform);
        using var curator = server.Client(Fixture.Curator);
        using var reviewer = server.Client(Fixture.Reviewer);
        using var anonymous = server.Client(null);
        using var guesser = server.Client("aegis_not-a-key");
        var bank = "metrics-" + Guid.NewGuid().ToString("N")[..8];

        // When requests are answered with each kind of refusal
        var expected = new List<(string Route, int Status)>();
        async Task SendAsync(string route, HttpStatusCode status, Func<Task<HttpResponseMessage>> send)
        {
            var response = await send();
            Assert.True(response.StatusCode == status, $"{route}: expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            expected.Add((route, (int)status));
        }

        await SendAsync("POST /v1/reports", HttpStatusCode.BadRequest, () => platform.PostAsync("/v1/reports", Json("{\"content_ids\":5,\"category\":\"other\"}")));
        await SendAsync("POST /v1/banks/", HttpStatusCode.BadRequest, () => curator.PostAsync("/v1/banks", Json("{\"name\":\"has space\"}")));
        await SendAsync("POST /v1/banks/", HttpStatusCode.Created, () => curator.PostAsync("/v1/banks", Json($"{{\"name\":\"{bank}\"}}")));
        await SendAsync("POST /v1/banks/", HttpStatusCode.Conflict, () => curator.PostAsync("/v1/banks", Json($"{{\"name\":\"{bank}\"}}")));
        await SendAsync("POST /v1/contents/{contentId}/exposure", HttpStatusCode.BadRequest, () => platform.PostAsync("/v1/contents/x/exposure", Json("{\"views\":\"many\"}")));
        await SendAsync("POST /v1/cases/{id:long}/claim", HttpStatusCode.NotFound, () => reviewer.PostAsync("/v1/cases/999999999/claim", null));
        await SendAsync("GET /v1/banks/", HttpStatusCode.Forbidden, () => platform.GetAsync("/v1/banks"));
        await SendAsync("GET /v1/banks/", HttpStatusCode.Unauthorized, () => anonymous.GetAsync("/v1/banks"));
        await SendAsync("GET /v1/banks/", HttpStatusCode.Unauthorized, () => guesser.GetAsync("/v1/banks"));
        await SendAsync("GET /v1/banks/", HttpStatusCode.TooManyRequests, () => guesser.GetAsync("/v1/banks"));
        await SendAsync("POST /v1/media", HttpStatusCode.RequestEntityTooLarge, () => platform.PostBytesAsync("/v1/media?content_id=big", new byte[5000]));
        await SendAsync("GET unmatched", HttpStatusCode.NotFound, () => platform.GetAsync("/v1/no-such-thing"));

        // Then /metrics counts each under its route and the status the client got, and nothing under another status
        var text = await (await curator.GetAsync("/metrics")).Content.ReadAsStringAsync();
        var counted = RequestLine().Matches(text)
            .Select(m => (Route: m.Groups["route"].Value, Status: int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture), Count: long.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(c => c.Route is not ("GET /readyz" or "GET /metrics"))
            .ToList();
        var want = expected.GroupBy(e => e).Select(g => (g.Key.Route, g.Key.Status, Count: (long)g.Count())).ToList();
        Assert.True(
            want.OrderBy(w => w.ToString(), StringComparer.Ordinal).SequenceEqual(counted.OrderBy(c => c.ToString(), StringComparer.Ordinal)),
            $"expected:\n{string.Join('\n', want.OrderBy(w => w.ToString(), StringComparer.Ordinal))}\ncounted:\n{string.Join('\n', counted.OrderBy(c => c.ToString(), StringComparer.Ordinal))}");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [GeneratedRegex("""^aegis_http_requests_total\{route="(?<route>[^"]*)",status="(?<status>\d+)"\} (?<count>\d+)$""", RegexOptions.Multiline)]
    private static partial Regex RequestLine();
}
