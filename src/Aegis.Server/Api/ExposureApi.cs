using Aegis.Server.Auth;
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
            .RequireAuthorization(Roles.Platform).WithTags("Reports").CaseProblems()
            .WithSummary("The platform's view and share counts for an item (cases record them at each step).");
        return app;
    }

    private static async Task<NoContent> ExposureAsync(string contentId, [FromBody] ExposureRequest request, CaseStore cases, CancellationToken cancellationToken)
    {
        await cases.RecordExposureAsync(contentId, request.Views, request.Shares, cancellationToken);
        return TypedResults.NoContent();
    }
}
