using System.Diagnostics;
using System.Net;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Limits;

public sealed partial class LimitsTests
{
    /// <summary>
    /// Bad keys the guessing test sends from one address with a limit of one failure a minute: the second is already
    /// over it, unless a minute passed between them; five leave a margin for a machine that slow.
    /// </summary>
    private const int Guesses = 5;

    [Fact]
    public async Task Key_guessing_from_one_address_gets_429_while_valid_keys_and_other_addresses_are_unaffected()
    {
        // Given a server that allows one failed authentication a minute per address
        await using var server = await StartAsync(o => o.RateLimit.FailedAuthPerMinute = 1);
        using var guesser = ClientFrom(server, "127.0.0.2", "aegis_not-a-key");
        using var sameAddressValid = ClientFrom(server, "127.0.0.2", Fixture.Curator);
        using var sameAddressAnonymous = ClientFrom(server, "127.0.0.2", null);
        using var elsewhere = ClientFrom(server, "127.0.0.3", "aegis_also-not-a-key");

        // When one address guesses keys
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Guesses; i++)
        {
            answers.Add(await guesser.GetAsync("/v1/banks"));
        }

        // Then its first wrong key is a 401 and later ones a 429 with Retry-After
        Assert.Equal(HttpStatusCode.Unauthorized, answers[0].StatusCode);
        var refused = answers.FirstOrDefault(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused is not null, "no guess was refused: " + string.Join(", ", answers.Select(a => (int)a.StatusCode)));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"{(int)a.StatusCode}"));
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        var problem = await refused.JsonAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("RateLimit:FailedAuthPerMinute", (string)problem["detail"]!, StringComparison.Ordinal);

        // And a valid key from the same address (a platform behind the same NAT) still works, a request without a key
        // is still told it needs one, and a wrong key from another address is still a plain 401
        Assert.Equal(HttpStatusCode.OK, (await sameAddressValid.GetAsync("/v1/banks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sameAddressAnonymous.GetAsync("/v1/banks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/v1/banks")).StatusCode);
    }

    [Fact]
    public async Task With_FailedAuthPerMinute_0_wrong_keys_are_never_429()
    {
        await using var server = await StartAsync(o => o.RateLimit.FailedAuthPerMinute = 0);
        using var guesser = ClientFrom(server, "127.0.0.4", "aegis_not-a-key");

        for (var i = 0; i < Guesses * 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/v1/banks")).StatusCode);
        }
    }

    /// <summary>
    /// The per-key test's requests and the pause before each: 30 over at least 3 s, so that 10 a second (the old bug) lets
    /// far more through than 1 a second does, however slow the machine (the bound is taken from the time it really took).
    /// </summary>
    private const int KeyRequests = 30;

    private static readonly TimeSpan KeyRequestPause = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_key_limited_to_one_request_a_second_gets_no_more()
    {
        // Given a key limited to 1 request a second with a burst of 1
        await using var server = await StartAsync(o => o.RateLimit = new RateLimitOptions { RequestsPerSecond = 1, Burst = 1, FailedAuthPerMinute = 0 });
        using var client = server.Client(Fixture.Curator);

        // When it sends requests one after another, a pause before each
        var clock = Stopwatch.StartNew();
        var (ok, refused) = (0, 0);
        HttpResponseMessage? tooMany = null;
        for (var i = 0; i < KeyRequests; i++)
        {
            await Task.Delay(KeyRequestPause);
            var response = await client.GetAsync("/v1/banks");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                ok++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                (refused, tooMany) = (refused + 1, response);
            }
        }

        // Then no more got through than the burst and one a second since (a fixed 100 ms refill let 10 a second through)
        var allowed = 1 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1;
        Assert.True(ok >= 1, "not even the burst got through");
        Assert.True(ok <= allowed, $"{ok} requests got through in {clock.Elapsed.TotalSeconds:0.0} s at 1 a second (burst 1); at most {allowed} may");
        Assert.True(refused > 0);
        Assert.NotNull(tooMany!.Headers.RetryAfter);

        // And /metrics counted the refusals as 429s (read with another key: the limit is per key)
        using var admin = server.Client(Fixture.Admin);
        var metrics = await (await admin.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains($"aegis_http_requests_total{{route=\"GET /v1/banks/\",status=\"200\"}} {ok}\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"aegis_http_requests_total{{route=\"GET /v1/banks/\",status=\"429\"}} {refused}\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_and_a_wrong_scheme_get_401_with_a_clear_detail()
    {
        await using var server = await StartAsync(_ => { });
        using var client = server.Client(null);
        var cases = new (string Header, string Value, string Detail)[]
        {
            ("Authorization", "Basic dXNlcjpwYXNz", "'Basic'"),
            ("Authorization", "Digest username=\"x\"", "'Digest'"),
            ("Authorization", "Bearer", "no key"),
            ("Authorization", "aegis_not-a-key", "Bearer <key>"),
            ("Authorization", "Bearer aegis_not-a-key", "not valid"),
            ("X-Api-Key", "", "X-Api-Key"),
            ("X-Api-Key", "aegis_not-a-key", "not valid"),
        };

        foreach (var (header, value, detail) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/banks");
            request.Headers.TryAddWithoutValidation(header, value);
            var response = await client.SendAsync(request);
            var problem = await response.JsonAsync(HttpStatusCode.Unauthorized);

            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Contains(detail, (string)problem["detail"]!, StringComparison.Ordinal);
        }

        // Two different keys at once are refused, even when one of them is valid
        using var both = new HttpRequestMessage(HttpMethod.Get, "/v1/banks");
        both.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Fixture.Curator);
        both.Headers.TryAddWithoutValidation("X-Api-Key", "aegis_not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(both)).StatusCode);

        // The same key in both is fine
        using var same = new HttpRequestMessage(HttpMethod.Get, "/v1/banks");
        same.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Fixture.Curator);
        same.Headers.TryAddWithoutValidation("X-Api-Key", Fixture.Curator);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(same)).StatusCode);
    }
}
