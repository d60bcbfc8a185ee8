using System.Diagnostics;
using Aegis.Server.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Hosting;

/// <summary>
/// Counts every request by its route pattern (not its raw path, which would explode the label set) and the status it
/// was answered with. It runs first, outside the error handling, so that the status it reads is the one the client got:
/// a refusal written by the error handling, authentication (401, 403), the rate limiters (429) or for a body over the
/// limit (413). A request whose failure escaped everything counts as 500 (Kestrel answers it so or drops it), one the
/// client gave up on as 499 (nginx's "client closed request").
/// </summary>
internal static class RequestMetrics
{
    /// <summary>The status counted for a request the client abandoned before its answer.</summary>
    public const int ClientClosedRequest = 499;

    public static void UseRequestMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<AegisMetrics>();
        app.Use(async (context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            var status = 0;
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            catch when (context.RequestAborted.IsCancellationRequested)
            {
                status = ClientClosedRequest;
                throw;
            }
            catch
            {
                status = StatusCodes.Status500InternalServerError;
                throw;
            }
            finally
            {
                // Routing ran inside: the endpoint it chose (if any) is still on the context.
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.Request($"{context.Request.Method} {route}", status, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        });
    }
}
