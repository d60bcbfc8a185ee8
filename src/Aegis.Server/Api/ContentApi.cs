using Aegis.Core.Content;
using Aegis.Server.Auth;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>The content index and the retroactive match events.</summary>
internal static class ContentApi
{
    public static IEndpointRouteBuilder MapContentApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").RequireAuthorization(Roles.Platform).WithTags("Content")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddEndpointFilter(RouteIds.Problem);
        v1.MapGet("/contents/{contentId}", GetAsync).WithSummary("An item as the gate recorded it (ids, uploader, parent, hashes, verdict) and where it stands now: status (visible, restricted, removed), views and shares.");
        v1.MapGet("/match-events", EventsAsync)
            .WithSummary("Content recorded earlier that matches a hash added to a bank later, oldest first. Poll with after = the last sequence seen.");
        return app;
    }

    private static async Task<Results<Ok<ContentView>, ProblemHttpResult>> GetAsync(string contentId, ContentStore contents, CancellationToken cancellationToken) =>
        await contents.GetDetailsAsync(contentId, cancellationToken) is { } details
            ? TypedResults.Ok(ContentView.From(details))
            : TypedResults.Problem($"No content with id '{contentId}' was recorded.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<Ok<MatchEventPage>> EventsAsync(ContentStore contents, CancellationToken cancellationToken, long after = 0, int limit = 100)
    {
        if (after < 0 || limit is < 1 or > 10_000)
        {
            throw new Gate.GateException(StatusCodes.Status400BadRequest, "Bad paging", "after is 0 or more and limit is 1 to 10000.");
        }

        var events = await contents.ReadMatchEventsAsync(after, limit, cancellationToken);
        return TypedResults.Ok(new MatchEventPage(events, events.Count > 0 ? events[^1].Sequence : after));
    }
}

/// <summary>A page of match events; ask again with <c>after = next</c>.</summary>
/// <param name="Events">The events, oldest first.</param>
/// <param name="Next">The sequence to pass as <c>after</c> next time.</param>
public sealed record MatchEventPage(IReadOnlyList<MatchEvent> Events, long Next);
