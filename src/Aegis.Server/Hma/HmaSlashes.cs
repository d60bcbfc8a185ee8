using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Hma;

/// <summary>
/// Doubled slashes in an HMA path, answered as HMA answers them (Werkzeug's routing behind gunicorn). Leading slashes
/// are one: <c>//c/banks</c> is served as <c>/c/banks</c>, which is what Coop sends when its <c>HMA_SERVICE_URL</c> ends in
/// <c>/</c>. Slashes doubled further in (<c>/c//banks</c>) are answered with a 308 redirect to the path with them merged
/// (query kept), when that path is a route and the method one of its methods; otherwise as the path stands (404). Other
/// paths are left alone.
/// </summary>
internal static partial class HmaSlashes
{
    /// <summary>Where the merged path waits between the two halves.</summary>
    private const string MergedKey = "Aegis.Hma.MergedPath";

    /// <summary>Before routing: one leading slash; a path with slashes doubled further in is routed merged, to see whether it is a route.</summary>
    public static IApplicationBuilder UseHmaSlashes(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path.Value;
        if (path is null || !path.Contains("//", StringComparison.Ordinal))
        {
            return next(context);
        }

        var trimmed = new PathString("/" + path.TrimStart('/'));
        if (!IsHma(trimmed))
        {
            return next(context);
        }

        context.Request.Path = trimmed;
        if (trimmed.Value!.Contains("//", StringComparison.Ordinal))
        {
            var merged = new PathString(Slashes().Replace(trimmed.Value, "/"));
            context.Items[MergedKey] = merged;
            context.Request.Path = merged;
        }

        return next(context);
    });

    /// <summary>After routing: a merged path that found a route for this method is redirected to (308, as Werkzeug).</summary>
    public static IApplicationBuilder UseHmaSlashRedirect(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Items[MergedKey] is not PathString merged)
        {
            return next(context);
        }

        var methods = context.GetEndpoint()?.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        if (methods is null || !methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            return next(context); // not a route (404), or not for this method (405), as Werkzeug answers then
        }

        var request = context.Request;
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, merged, request.QueryString);
        return Task.CompletedTask;
    });

    /// <summary>HMA's paths: <c>/h</c>, <c>/m</c>, <c>/c</c> and <c>/status</c>.</summary>
    private static bool IsHma(PathString path) =>
        path.StartsWithSegments("/h") || path.StartsWithSegments("/m") || path.StartsWithSegments("/c") || path.StartsWithSegments("/status");

    [GeneratedRegex("/{2,}")]
    private static partial Regex Slashes();
}
