using System.Reflection;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Web;

/// <summary>Wires the review console: its pages (Razor Pages compiled into this assembly), sign-in, assets and headers.</summary>
internal static class ConsoleWeb
{
    /// <summary>The console's pages, antiforgery and cookie sign-in.</summary>
    public static IServiceCollection AddAegisConsole(this IServiceCollection services, ServerOptions options, TimeProvider time)
    {
        services.AddConsoleAuth(services.AddAuthentication(), options, time);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "aegis_console_csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            antiforgery.HeaderName = "RequestVerificationToken";
        });
        services.Configure<RouteOptions>(routes => routes.LowercaseUrls = true);
        services.AddSingleton<ConsoleImports>();
        services.AddSingleton<ConsoleCases>();
        services.AddSingleton<ReviewerViewing>();
        services.AddSingleton<RevealTokens>();
        services.AddRazorPages(ConsoleAuth.RequireSignIn)
            .ConfigureApplicationPartManager(parts =>
            {
                // The pages are in this assembly whatever process hosts it (the aegis executable, a test host): say so
                // rather than have MVC guess from the entry assembly.
                var assembly = typeof(ConsoleWeb).Assembly;
                parts.ApplicationParts.Clear();
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                {
                    parts.ApplicationParts.Add(part);
                }
            });
        return services;
    }

    /// <summary>The console's headers and error pages; call before routing.</summary>
    public static IApplicationBuilder UseAegisConsole(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            if (ConsolePaths.IsConsole(context.Request.Path))
            {
                var headers = context.Response.Headers;
                // Nothing the console shows is kept by the browser or a proxy; nothing runs but its own script. A revealed
                // video plays from a blob: its one-use link is fetched once, whole, and the blob dropped when the reveal ends.
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy =
                    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; "
                    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            }

            return next(context);
        });
        app.UseWhen(
            static context => ConsolePaths.IsConsole(context.Request.Path),
            static branch => branch.UseStatusCodePagesWithReExecute(ConsolePaths.Root + "/error/{0}"));
        return app;
    }

    /// <summary>The console's pages and assets, and <c>/</c> leading to it.</summary>
    public static void MapAegisConsole(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet(ConsolePaths.Assets + "/{name}", ServeAsset).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/", () => Results.Redirect(ConsolePaths.Queue)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ConsolePaths.Root, () => Results.Redirect(ConsolePaths.Queue)).AllowAnonymous().ExcludeFromDescription();
        // A console address no page has: "Not found" to a signed-in user, sign-in to anyone else (not the API's 401 for a missing key).
        app.MapFallback(ConsolePaths.Root + "/{**path}", () => Results.NotFound()).RequireAuthorization(ConsoleAuth.Signed).ExcludeFromDescription();
    }

    /// <summary>A stylesheet or script embedded in this assembly (<c>Pages/Assets</c>); 404 for any other name.</summary>
    private static IResult ServeAsset(string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => null,
        };
        var stream = type is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("console/" + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, type);
    }
}
