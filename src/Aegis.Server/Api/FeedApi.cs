using System.Globalization;
using Aegis.Exchanges.AegisFeed;
using Aegis.Server.Auth;
using Aegis.Server.Feed;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>
/// The hash feed other Aegis servers subscribe to (docs/exchange-protocol.md): pages of confirmed hashes after a
/// checkpoint, each signed over its exact bytes, and the keys that sign them. Keys of the <c>subscriber</c> role (and
/// admins) read it; a 404 while <c>Feed:Enabled</c> is off.
/// </summary>
internal static class FeedApi
{
    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        var feed = app.MapGroup("/v1/feed").RequireAuthorization(Roles.Subscriber).WithTags("Feed")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        feed.MapGet("/", PageAsync).Produces<FeedPageDocument>(StatusCodes.Status200OK, "application/json")
            .WithSummary("The confirmed hashes after a checkpoint (after, limit), signed over the exact body in the Aegis-Signature header.");
        feed.MapGet("/key", KeysAsync).WithSummary("The feed's signing keys (ECDSA P-256): the current one, and a rotation's next one.");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PageAsync(
        string? after, string? limit, HttpContext context, ServerOptions options, HashFeedStore store, FeedSigner signer, CancellationToken cancellationToken)
    {
        if (Disabled(options) is { } off)
        {
            return off;
        }

        var max = options.Feed.MaxPageSize;
        if (!TryParse(after, 0, out var from))
        {
            return BadRequest("after is the checkpoint to read after: a whole number from 0 (0, or leave it out, for the beginning), as the last page's 'next' gave it.");
        }

        if (!TryParse(limit, max, out var take) || take < 1)
        {
            return BadRequest(Invariant($"limit is how many entries a page holds: a whole number from 1 (at most {max} are given)."));
        }

        var page = await store.PageAsync(from, (int)Math.Min(take, max), cancellationToken);
        var document = new FeedPageDocument(
            options.Feed.Publisher!,
            Invariant($"{from}"),
            [.. page.Entries.Select(e => new FeedEntryDocument(e.Id, FeedJson.Name(e.Type), e.Value, e.Category, e.Deleted, e.At))],
            Invariant($"{page.Next}"),
            page.HasMore);
        var body = FeedJson.Write(document);
        context.Response.Headers[FeedSignature.Header] = await signer.SignAsync(body, cancellationToken);
        return TypedResults.Bytes(body, "application/json");
    }

    private static async Task<Results<Ok<FeedKeysView>, ProblemHttpResult>> KeysAsync(
        ServerOptions options, FeedSigner signer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Disabled(options) is { } off)
        {
            return off;
        }

        return TypedResults.Ok(FeedKeysView.From(options.Feed.Publisher!, await signer.KeysAsync(cancellationToken), time.GetUtcNow()));
    }

    private static ProblemHttpResult? Disabled(ServerOptions options) => options.Feed.Enabled
        ? null
        : TypedResults.Problem("This server publishes no hash feed (Feed:Enabled is false).", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    private static bool TryParse(string? text, long absent, out long value)
    {
        value = absent;
        return string.IsNullOrEmpty(text) || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
