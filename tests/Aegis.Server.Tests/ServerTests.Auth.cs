using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    /// <summary>Every endpoint the server maps (read from its routing), with a concrete path and its method.</summary>
    private List<(string Method, string Path, string? Policy)> Endpoints() =>
        [.. Fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (
                method,
                "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "id" } => "1",
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
    public async Task A_key_of_the_wrong_role_gets_403_on_every_endpoint_of_another_role()
    {
        var checkedCount = 0;
        foreach (var (method, path, policy) in Endpoints())
        {
            var (wrong, right) = policy switch
            {
                "platform" => (Fixture.Curator, Fixture.Platform),
                "curator" => (Fixture.Platform, Fixture.Curator),
                "reviewer" => (Fixture.Platform, Fixture.Reviewer),
                "trusted-flagger" => (Fixture.Reviewer, Fixture.Flagger),
                _ => ((string?)null, (string?)null),
            };
            if (wrong is null)
            {
                continue;
            }

            using var client = Fixture.Server.Client(wrong);
            using var admin = Fixture.Server.Client(Fixture.Admin);
            var refused = await client.SendAsync(Request(method, path));
            var allowed = await admin.SendAsync(Request(method, path));
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} ({policy}) with the wrong role: {(int)refused.StatusCode}");
            Assert.True(allowed.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized), $"{method} {path} as admin: {(int)allowed.StatusCode}");
            checkedCount++;
        }

        Assert.True(checkedCount >= 12, $"only {checkedCount} role-restricted endpoints checked");
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
