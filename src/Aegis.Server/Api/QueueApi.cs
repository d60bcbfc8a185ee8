using System.Security.Claims;
using Aegis.Core.Cases;
using Aegis.Server.Auth;
using Aegis.Server.Cases;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>
/// The review queue as the calling key may see it, and claiming its next case. A key reads with its role's queues
/// (a reviewer: child-safety and general; a senior reviewer and an admin: all); who may see a case is decided as it is read.
/// </summary>
internal static class QueueApi
{
    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder app)
    {
        var queue = app.MapGroup("/v1/queue").RequireAuthorization(Roles.Reviewer).WithTags("Cases").CaseProblems();
        queue.MapGet("/", ListAsync)
            .WithSummary("The review queue the key may see: cases by priority (highest first) then age (oldest first), each with its queue (child-safety, general, senior, appeals), why it is there (person-shown, minor, trusted-flagger, bank-match, suspended-uploader, cascade-hold, user-report), its SLA, claim (who, since when) and exposure; cases the key decided are listed read only. Filter by queue and reason; paged (limit 1-500, default 50).");
        queue.MapPost("/next", NextAsync)
            .WithSummary("Claim the top case of the key's queues (with the same filters) that nobody holds or whose claim lapsed; 204 when there is none. Two callers never get the same case.");
        return app;
    }

    private static async Task<Ok<QueuePage>> ListAsync(
        HttpContext context, CaseStore cases, CancellationToken cancellationToken, string? queue = null, string? reason = null,
        int limit = QueueQuery.DefaultLimit, int offset = 0) =>
        TypedResults.Ok(await cases.QueueAsync(Reader(context), new QueueQuery(Queue(queue), Reason(reason), limit, offset), cancellationToken));

    private static async Task<Results<Ok<CaseSummary>, NoContent>> NextAsync(
        HttpContext context, CaseService cases, CancellationToken cancellationToken, string? queue = null, string? reason = null) =>
        await cases.ClaimNextAsync(Reader(context), Queue(queue), Reason(reason), cancellationToken) is { } claimed
            ? TypedResults.Ok(claimed)
            : TypedResults.NoContent();

    /// <summary>The calling key as a reader: its name and role, and no queue list (its role's default).</summary>
    private static QueueReader Reader(HttpContext context) => QueueReaders.Of(
        context.User.FindFirstValue(ClaimTypes.Name) ?? "unknown",
        context.User.IsInRole(Roles.Admin) ? ApiKeyRole.Admin : context.User.IsInRole(Roles.SeniorReviewer) ? ApiKeyRole.SeniorReviewer : ApiKeyRole.Reviewer);

    private static ReviewQueue? Queue(string? name) => string.IsNullOrEmpty(name) ? null
        : ReviewQueues.Parse(name) ?? throw new BankStoreException(BankStoreError.Invalid, $"queue: '{name}' is not a queue; the queues are {ReviewQueues.Names}.");

    private static ReviewReason? Reason(string? name) => string.IsNullOrEmpty(name) ? null
        : ReviewReasons.Parse(name) ?? throw new BankStoreException(BankStoreError.Invalid, $"reason: '{name}' is not a reason; the reasons are {ReviewReasons.Names}.");
}
