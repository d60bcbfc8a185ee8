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
        app.MapGet("/readyz", Ready).AllowAnonymous().WithTags("Health")
            .WithSummary("200 once the banks are loaded (verdicts need nothing more), 503 until then; the body says how far the content index is (retroactive matching and copy lookups wait for it).");
        app.MapGet("/metrics", (AegisMetrics metrics) => TypedResults.Text(metrics.Render(), "text/plain; version=0.0.4"))
            .RequireAuthorization(Roles.AnyKey).WithTags("Health").WithSummary("Prometheus metrics (any API key).");
        return app;
    }

    private static IResult Ready(MatcherHost host, ContentIndex index)
    {
        var held = index.Held;
        var content = new ContentIndexReadiness(
            index.AllCurrent ? "current" : "catching_up", index.PartitionCount, held.Count, held.Count(p => p.Current), index.Items);
        return host.Ready
            ? TypedResults.Ok(new Readiness("ready", host.Sequence, content))
            : TypedResults.Json(new Readiness("loading_banks", host.Sequence, content), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>What <c>/readyz</c> says.</summary>
/// <param name="Status"><c>ready</c> (verdicts are given) or <c>loading_banks</c>.</param>
/// <param name="BankSequence">The last bank change applied.</param>
/// <param name="ContentIndex">How far the content index is on this node.</param>
public sealed record Readiness(string Status, long BankSequence, ContentIndexReadiness ContentIndex);

/// <summary>The content index on one node.</summary>
/// <param name="State"><c>current</c> (every partition held is loaded and caught up) or <c>catching_up</c>.</param>
/// <param name="Partitions">Partitions in the cluster.</param>
/// <param name="Held">Partitions this node holds.</param>
/// <param name="Current">Of those, loaded and caught up.</param>
/// <param name="Items">Items in them.</param>
public sealed record ContentIndexReadiness(string State, int Partitions, int Held, int Current, long Items);
