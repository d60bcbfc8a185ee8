using System.Text.Json;
using Aegis.Server.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>
/// What nodes ask each other: <c>POST /internal/v1/content-index/copies</c>, a copy lookup in the partitions this node
/// holds. Authenticated by the calling node's knowledge of this process's token (from <c>cluster_nodes</c>), not by API
/// keys; not part of the public API.
/// </summary>
internal static class ClusterApi
{
    public const string CopiesPath = "/internal/v1/content-index/copies";

    /// <summary>The most searches one call may carry.</summary>
    public const int MaxSearches = 10_000;

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(CopiesPath, CopiesAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> CopiesAsync(HttpContext context, ClusterNodeIdentity node, CopyFinder finder, ContentIndex index, MatcherHost host)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !node.Accepts(header["Bearer ".Length..]))
        {
            return TypedResults.Problem("This endpoint is for other Aegis nodes: a node token is required.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        CopySearchRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CopySearchRequest>(context.Request.Body, CopyFinder.WireOptions, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem($"The body is not a copy search: {e.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        if (request?.Partitions is null || request.Searches is null || request.Searches.Count > MaxSearches
            || request.Partitions.Any(p => p < 0 || p >= index.PartitionCount))
        {
            return TypedResults.Problem(
                $"Give partitions (0 to {index.PartitionCount - 1}) and at most {MaxSearches} searches.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        // Brought up to now first, as the asking node was: every copy committed before the lookup is found.
        await host.CatchUpNowAsync(context.RequestAborted);
        var found = request.Searches.Select(_ => new Dictionary<long, int>()).ToList();
        var answered = finder.SearchHere([.. request.Partitions.Distinct()], request.Searches, found);
        var hits = found.Select(f => (IReadOnlyList<CopyHit>)[.. f.Select(h => new CopyHit(h.Key, h.Value))]).ToList();
        return TypedResults.Json(new CopySearchAnswer(answered, hits), CopyFinder.WireOptions);
    }
}
