using Aegis.Server.Auth;
using Aegis.Server.Matching;
using Aegis.Server.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary><c>/healthz</c> (the process answers), <c>/readyz</c> (banks and content loaded), <c>/metrics</c>.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().WithTags("Health").WithSummary("The process is up.");
        app.MapGet("/readyz", Ready).AllowAnonymous().WithTags("Health").WithSummary("200 once the banks and the content index are loaded; 503 until then.");
        app.MapGet("/metrics", (AegisMetrics metrics) => TypedResults.Text(metrics.Render(), "text/plain; version=0.0.4"))
            .RequireAuthorization(Roles.AnyKey).WithTags("Health").WithSummary("Prometheus metrics (any API key).");
        return app;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Ready(MatcherHost host) => host.Ready
        ? TypedResults.Text("ready")
        : TypedResults.Problem("The banks and the content index are still loading.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Starting");
}
