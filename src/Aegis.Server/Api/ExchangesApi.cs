using System.Text.Json.Nodes;
using Aegis.Server.Auth;
using Aegis.Server.Exchanges;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>Hash exchanges: configure them (curators and admins), see how their fetching stands, fetch one now.</summary>
internal static class ExchangesApi
{
    /// <summary>The most quarantined entries one listing returns.</summary>
    private const int MaxQuarantineLimit = 1000;

    public static IEndpointRouteBuilder MapExchangesApi(this IEndpointRouteBuilder app)
    {
        var exchanges = app.MapGroup("/v1/exchanges").RequireAuthorization(Roles.Curator).WithTags("Exchanges")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddEndpointFilter(RouteIds.Problem);
        exchanges.MapGet("/", ListAsync).WithSummary("Every exchange, with where its fetching stands.");
        exchanges.MapGet("/quarantine", QuarantineAsync).WithSummary("The exchange entries the flood guard quarantined (their matches hold instead of block), of one exchange or all.");
        exchanges.MapPost("/quarantine/{entryId:long}/release", ReleaseEntryAsync).WithSummary("Release a quarantined entry: its matches act again, and the flood guard leaves it alone from now on.");
        exchanges.MapGet("/apis", Apis).WithSummary("The exchange APIs this server knows, with their settings and credentials.");
        exchanges.MapPost("/", CreateAsync).WithSummary("Configure an exchange; enabled, it is fetched at once, then on its schedule.");
        exchanges.MapGet("/{name}", GetAsync).WithSummary("One exchange and its status.");
        exchanges.MapPatch("/{name}", UpdateAsync).WithSummary("Change an exchange's settings, schedule, enabled state or feedback, or start it again from the beginning.");
        exchanges.MapDelete("/{name}", DeleteAsync).WithSummary("Remove an exchange; the bank entries only it held are disabled.");
        exchanges.MapPut("/{name}/credentials", SetCredentialsAsync).WithSummary("Set an exchange's credentials (the body is the API's credentials object); never shown again.");
        exchanges.MapDelete("/{name}/credentials", ClearCredentialsAsync).WithSummary("Remove an exchange's credentials.");
        exchanges.MapGet("/{name}/feedback", FeedbackAsync)
            .WithSummary("The verdicts owed to an exchange (reviewers' confirmations and dismissals of its entries' matches), newest first, and whether each was sent.");
        exchanges.MapPost("/{name}/release", ReleaseExchangeAsync).WithSummary("Release an exchange the flood guard quarantined: its entries' matches act again.");
        exchanges.MapPost("/{name}/fetch", FetchAsync).WithSummary("Fetch an exchange now (any node takes it within a poll); 202.");
        return app;
    }

    private static async Task<Ok<List<ExchangeView>>> ListAsync(ExchangeService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.Store.ListAsync(cancellationToken)).Select(ExchangeView.From).ToList());

    private static Ok<List<ExchangeApiView>> Apis(ExchangeRegistry apis) => TypedResults.Ok(apis.All.Select(ExchangeApiView.From).ToList());

    private static async Task<Created<ExchangeView>> CreateAsync(
        [FromBody] CreateExchangeRequest request, HttpContext context, ExchangeService service, ExchangeWorker worker, CancellationToken cancellationToken)
    {
        var exchange = await service.CreateAsync(
            request.Name, request.Api, request.Bank, request.Settings, request.ScheduleMinutes, request.Enabled, request.Credentials, Actor(context), cancellationToken);
        worker.Wake();
        return TypedResults.Created($"/v1/exchanges/{exchange.Name}", ExchangeView.From(exchange));
    }

    private static async Task<Ok<ExchangeView>> GetAsync(string name, ExchangeService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(ExchangeView.From(await service.GetAsync(name, cancellationToken)));

    private static async Task<Ok<ExchangeView>> UpdateAsync(
        string name, [FromBody] UpdateExchangeRequest request, HttpContext context, ExchangeService service, ExchangeWorker worker, CancellationToken cancellationToken)
    {
        var exchange = await service.UpdateAsync(name, request.Settings, request.ScheduleMinutes, request.Enabled, request.ResetCheckpoint ?? false, Actor(context), cancellationToken);
        if (request.SendFeedback is not null || request.FeedbackReason is not null)
        {
            exchange = await service.Store.SetFeedbackAsync(name, request.SendFeedback, request.FeedbackReason, Actor(context), cancellationToken);
        }

        worker.Wake();
        return TypedResults.Ok(ExchangeView.From(exchange));
    }

    private static async Task<Ok<ExchangeDeletedView>> DeleteAsync(string name, HttpContext context, ExchangeService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ExchangeDeletedView(name, await service.Store.DeleteAsync(name, Actor(context), cancellationToken: cancellationToken)));

    private static async Task<Ok<ExchangeView>> SetCredentialsAsync(
        string name, [FromBody] JsonObject credentials, HttpContext context, ExchangeService service, ExchangeWorker worker, CancellationToken cancellationToken)
    {
        var exchange = await service.SetCredentialsAsync(name, credentials, Actor(context), cancellationToken);
        worker.Wake();
        return TypedResults.Ok(ExchangeView.From(exchange));
    }

    private static async Task<Ok<ExchangeView>> ClearCredentialsAsync(string name, HttpContext context, ExchangeService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(ExchangeView.From(await service.SetCredentialsAsync(name, null, Actor(context), cancellationToken)));

    private static async Task<Accepted<ExchangeView>> FetchAsync(string name, ExchangeService service, ExchangeWorker worker, CancellationToken cancellationToken)
    {
        var exchange = await service.Store.RequestRunAsync(name, cancellationToken);
        worker.Wake();
        return TypedResults.Accepted($"/v1/exchanges/{name}", ExchangeView.From(exchange));
    }

    private static async Task<Ok<List<ExchangeFeedbackView>>> FeedbackAsync(string name, ExchangeService service, CancellationToken cancellationToken, int limit = 100) =>
        TypedResults.Ok((await service.Store.ListFeedbackAsync(name, limit, cancellationToken)).Select(ExchangeFeedbackView.From).ToList());
    private static async Task<Ok<List<QuarantinedEntryView>>> QuarantineAsync(
        ExchangeService service, ServerOptions options, CancellationToken cancellationToken, string? exchange = null, int limit = 100)
    {
        if (limit is < 1 or > MaxQuarantineLimit)
        {
            throw new Gate.GateException(StatusCodes.Status400BadRequest, "Bad limit", $"limit is 1 to {MaxQuarantineLimit}; got {limit}.");
        }

        var entries = await service.Store.ListQuarantinedAsync(exchange, options.Exchanges.Flood.Rules, limit, cancellationToken);
        return TypedResults.Ok(entries.Select(QuarantinedEntryView.From).ToList());
    }

    private static async Task<Ok<QuarantinedEntryView>> ReleaseEntryAsync(
        long entryId, HttpContext context, ExchangeService service, ServerOptions options, CancellationToken cancellationToken) =>
        TypedResults.Ok(QuarantinedEntryView.From(await service.Store.ReleaseEntryAsync(entryId, Actor(context), options.Exchanges.Flood.Rules, cancellationToken)));

    private static async Task<Ok<ExchangeView>> ReleaseExchangeAsync(string name, HttpContext context, ExchangeService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(ExchangeView.From(await service.Store.ReleaseExchangeAsync(name, Actor(context), cancellationToken)));

    /// <summary>Who the audit log says made a change: the API key's name.</summary>
    private static string Actor(HttpContext context) => context.User.Identity?.Name ?? "unknown";
}
