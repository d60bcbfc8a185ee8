using Aegis.Server.Auth;
using Aegis.Server.Cases;
using Aegis.Server.Gate;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>The platform's view and share counts for an item.</summary>
internal static class ExposureApi
{
    public static IEndpointRouteBuilder MapExposureApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/contents/{contentId}/exposure", ExposureAsync)
            .RequireAuthorization(Roles.Platform).WithTags("Reports").CaseProblems().AddEndpointFilter(RouteIds.Problem)
            .WithSummary("The platform's view and share counts for an item (cases record them at each step). Counts only rise: a lower count is ignored (PUT corrects). Each is 0 to 10^15. Rising counts of an item the platform was told to restrict or remove raise content.exposure_after_restriction (at most once an hour per item), shown on its cases.");
        app.MapPut("/v1/contents/{contentId}/exposure", CorrectAsync)
            .RequireAuthorization(Roles.Platform).WithTags("Reports").CaseProblems().AddEndpointFilter(RouteIds.Problem)
            .WithSummary("Correct an item's view and share counts: they become exactly these, lower ones too, and what its cases recorded is capped at them. Needs a reason; audited (exposure.corrected) and told (webhook content.exposure_corrected).");
        return app;
    }

    private static async Task<NoContent> ExposureAsync(string contentId, [FromBody] ExposureRequest request, CaseService cases, CancellationToken cancellationToken)
    {
        await cases.RecordExposureAsync(contentId, request.Views, request.Shares, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ContentView>> CorrectAsync(
        string contentId, [FromBody] ExposureCorrectionRequest request, HttpContext context, CaseService cases, CancellationToken cancellationToken)
    {
        // A correction sets what it is given: a count left out must not silently become 0.
        if (request.Views is not { } views || request.Shares is not { } shares)
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Missing count", $"{(request.Views is null ? "views" : "shares")} is required: a correction sets both counts.");
        }

        var details = await cases.CorrectExposureAsync(contentId, views, shares, request.Reason ?? "", context.User.Identity?.Name ?? "unknown", cancellationToken);
        return TypedResults.Ok(ContentView.From(details));
    }
}
