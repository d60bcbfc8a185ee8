using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    /// <summary>
    /// Every API endpoint the server maps (read from its routing), with a concrete path and its method; not the console's
    /// pages, nor the public protect page's (its pages and assets, tests/Aegis.Console.Tests/Protect; its API, public by
    /// design and rate-limited per address, tests/Aegis.Server.Tests/Protect).
    /// </summary>
    private List<(string Method, string Path, string? Policy)> Endpoints() =>
        [.. AllEndpoints().Where(e => e.Path != "/" && !e.Path.StartsWith("/console", StringComparison.Ordinal)
            && e.Path is not (Aegis.Server.Web.ProtectPaths.Page or Aegis.Server.Web.ProtectPaths.Receipt)
            && !e.Path.StartsWith(Aegis.Server.Web.ProtectPaths.Assets + "/", StringComparison.Ordinal)
            && !e.Path.StartsWith("/protect/v1/", StringComparison.Ordinal))];

    /// <summary>Every endpoint the server maps, the console's pages too.</summary>
    private List<(string Method, string Path, string? Policy)> AllEndpoints() =>
        [.. Fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (
                method,
                "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart q when q.Name == "id" || q.Name.EndsWith("Id", StringComparison.Ordinal) => "1",
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "code" } => "404",
                    _ => "x",
                })))),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault()?.Policy)))];

    [Fact]
    public async Task Every_endpoint_but_health_needs_a_valid_key()
    {
        var endpoints = Endpoints();
        using var anonymous = Fixture.Server.Client(null);
        using var revoked = Fixture.Server.Client(Fixture.Revoked);

        Assert.True(endpoints.Count > 15, $"only {endpoints.Count} endpoints found");
        foreach (var (method, path, _) in endpoints)
        {
            var none = await anonymous.SendAsync(Request(method, path));
            var bad = await revoked.SendAsync(Request(method, path));
            var open = path is "/healthz" or "/readyz";
            Assert.True(open ? none.IsSuccessStatusCode : none.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key: {(int)none.StatusCode}");
            Assert.True(open ? bad.IsSuccessStatusCode : bad.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with a revoked key: {(int)bad.StatusCode}");
            if (!open)
            {
                Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task Every_console_page_but_sign_in_needs_a_console_session_and_an_API_key_is_not_one()
    {
        var pages = AllEndpoints().Where(e => e.Method == "GET" && e.Path.StartsWith("/console/", StringComparison.Ordinal)).ToList();
        using var admin = Fixture.Server.Client(Fixture.Admin);
        using var anonymous = Fixture.Server.Client(null);

        Assert.True(pages.Count > 8, $"only {pages.Count} console pages found");
        foreach (var (method, path, _) in pages)
        {
            var open = path is "/console/signin" or "/console/signout" || path.StartsWith("/console/error/", StringComparison.Ordinal)
                || path.StartsWith("/console/assets/", StringComparison.Ordinal);
            foreach (var client in new[] { admin, anonymous })
            {
                using var answer = await client.SendAsync(Request(method, path));
                if (open)
                {
                    Assert.True(answer.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {path}: {(int)answer.StatusCode}");
                }
                else
                {
                    // A page the console's cookie guards: the browser is sent to sign in (HttpClient follows to the sign-in page).
                    Assert.True(answer.RequestMessage!.RequestUri!.AbsolutePath == "/console/signin", $"{method} {path} ended at {answer.RequestMessage.RequestUri} ({(int)answer.StatusCode})");
                }
            }
        }
    }

    [Fact]
    public async Task The_nodes_internal_endpoints_refuse_every_api_key_and_a_wrong_node_token()
    {
        var internals = Endpoints().Where(e => e.Path.StartsWith("/internal/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(internals);
        foreach (var key in new[] { Fixture.Admin, Fixture.Platform, "not-this-nodes-token" })
        {
            using var client = Fixture.Server.Client(key);
            foreach (var (method, path, _) in internals)
            {
                var answer = await client.SendAsync(Request(method, path));
                Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)answer.StatusCode}");
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task Every_role_gets_403_on_every_endpoint_it_may_not_use_and_is_let_through_where_it_may()
    {
        // Given a key of every role, and the roles each policy lets through (admin may do everything)
        var keys = new Dictionary<string, string>
        {
            ["platform"] = Fixture.Platform, ["curator"] = Fixture.Curator, ["reviewer"] = Fixture.Reviewer,
            ["senior-reviewer"] = Fixture.SeniorReviewer, ["trusted-flagger"] = Fixture.Flagger, ["subscriber"] = Fixture.Subscriber, ["admin"] = Fixture.Admin,
        };
        var allowed = new Dictionary<string, string[]>
        {
            ["platform"] = ["platform", "admin"],
            ["curator"] = ["curator", "admin"],
            ["reviewer"] = ["reviewer", "senior-reviewer", "admin"],
            ["trusted-flagger"] = ["trusted-flagger", "admin"],
            ["subscriber"] = ["subscriber", "admin"],
            ["admin"] = ["admin"],
            ["oversight"] = ["senior-reviewer", "curator", "admin"],
            ["any-key"] = [.. keys.Keys.Where(k => k != "subscriber")], // another platform's subscription reads the feed only
        };
        var clients = keys.ToDictionary(k => k.Key, k => Fixture.Server.Client(k.Value));
        var checkedCount = 0;
        try
        {
            // (The nodes' internal endpoints take a node token, not an API key: see the test below.)
            foreach (var (method, path, policy) in Endpoints().Where(e => e.Path is not ("/healthz" or "/readyz") && !e.Path.StartsWith("/internal/", StringComparison.Ordinal)))
            {
                // When each role calls each endpoint
                var let = allowed[policy ?? "any-key"];
                foreach (var (role, client) in clients)
                {
                    var status = (await client.SendAsync(Request(method, path))).StatusCode;

                    // Then a role the policy does not name gets 403, and one it names is never refused for its role
                    if (let.Contains(role))
                    {
                        Assert.True(status is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized), $"{method} {path} ({policy}) as {role}: {(int)status}");
                    }
                    else
                    {
                        Assert.True(status == HttpStatusCode.Forbidden, $"{method} {path} ({policy}) as {role}: {(int)status}, expected 403");
                        checkedCount++;
                    }
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }

        Assert.True(checkedCount >= 60, $"only {checkedCount} refusals checked");
    }

    [Fact]
    public async Task A_key_in_the_x_api_key_header_works_too()
    {
        using var client = Fixture.Server.Client(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", Fixture.Curator);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/banks")).StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PUT" or "PATCH" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };
}
