using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Web;

/// <summary>
/// The protect page (issue 17, docs/architecture.md "The protect page"): <c>/protect</c>, <c>/protect/receipt</c> and their
/// assets, public, with no cookie, no third-party resource and a strict Content-Security-Policy; 404 while
/// <c>Protect:Enabled</c> is false. The pages are HTML templates embedded in this assembly (<c>Pages/Assets/protect</c>)
/// with the platform's name, help address and limits filled in; the hashing runs in the person's browser.
/// </summary>
internal static class ProtectWeb
{
    /// <summary>
    /// Only the page's own scripts, styles and connections; pictures from blob URLs (the person's own files, shown back to
    /// them) and data URLs; no frames, forms only to itself, workers only its own.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src blob:; "
        + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The assets served, by name (nothing else embedded is, the page templates included).</summary>
    private static readonly Dictionary<string, string> AssetTypes = new(StringComparer.Ordinal)
    {
        ["protect.css"] = "text/css; charset=utf-8",
        ["protect.js"] = "text/javascript; charset=utf-8",
        ["receipt.js"] = "text/javascript; charset=utf-8",
        ["hashing.js"] = "text/javascript; charset=utf-8",
        ["worker.js"] = "text/javascript; charset=utf-8",
        ["exif.js"] = "text/javascript; charset=utf-8",
        ["pdq.js"] = "text/javascript; charset=utf-8",
        ["md5.js"] = "text/javascript; charset=utf-8",
        ["digests.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>Maps <c>/protect</c>, <c>/protect/receipt</c> and <c>/protect/assets/{name}</c>, all anonymous.</summary>
    public static IEndpointRouteBuilder MapProtectPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(ProtectPaths.Page, (HttpContext context, ServerOptions options) => Page(context, options, "index.html"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ProtectPaths.Receipt, (HttpContext context, ServerOptions options) => Page(context, options, "receipt.html"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ProtectPaths.Assets + "/{name}", Asset).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>A page: its template with the settings filled in (HTML-encoded), not kept by any cache.</summary>
    private static IResult Page(HttpContext context, ServerOptions options, string template)
    {
        if (!options.Protect.Enabled)
        {
            return Results.NotFound();
        }

        SecureHeaders(context.Response.Headers);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return Results.Content(Fill(Read(template)!, options.Protect), "text/html; charset=utf-8");
    }

    /// <summary>One of the page's assets, or 404 (for any other name, and while the page is off).</summary>
    private static IResult Asset(string name, HttpContext context, ServerOptions options)
    {
        if (!options.Protect.Enabled || !AssetTypes.TryGetValue(name, out var type) || Read(name) is not { } text)
        {
            return Results.NotFound();
        }

        SecureHeaders(context.Response.Headers);
        // Revalidated each time: a page and its scripts of different versions would not agree on what to send.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Text(text, type);
    }

    /// <summary>The headers of the pages and their assets: nothing runs but the page's own code, nothing is told where the person came from.</summary>
    private static void SecureHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
    }

    /// <summary>The template with <c>{{platform}}</c>, <c>{{help}}</c>, <c>{{max_files}}</c> and <c>{{max_frames}}</c> filled in.</summary>
    internal static string Fill(string template, ProtectOptions protect)
    {
        var html = HtmlEncoder.Default;
        var help = protect.HelpUrl is { } url
            ? $"""<li><a href="{html.Encode(url)}" rel="noreferrer">{html.Encode(protect.PlatformName)}'s own help and safety page</a>.</li>"""
            : "";
        return template
            .Replace("{{platform}}", html.Encode(protect.PlatformName), StringComparison.Ordinal)
            .Replace("{{help}}", help, StringComparison.Ordinal)
            .Replace("{{max_files}}", protect.MaxFiles.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{max_frames}}", protect.MaxFramesPerVideo.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>An embedded file of <c>Pages/Assets/protect</c>, or null.</summary>
    private static string? Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("protect/" + name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
