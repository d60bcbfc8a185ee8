using System.Diagnostics;
using Aegis.Server.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Hosting;

/// <summary>Counts every request by its route pattern (not its raw path, which would explode the label set) and status.</summary>
internal static class RequestMetrics
{
    public static void UseRequestMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<AegisMetrics>();
        app.Use(async (context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.Request($"{context.Request.Method} {route}", context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        });
    }
}
