using System.Collections.Concurrent;
using System.Globalization;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Cli.Demo;

/// <summary>
/// The demo platform's media: the bytes of every item the demo uploads, by content id, and the endpoint that serves them
/// (<c>GET /demo/media/{contentId}</c>, benign pictures, no key) so that the evidence vault fetches reported items from
/// "the platform" as it does in production (<c>Evidence:FetchUrl</c>), rather than being handed them.
/// </summary>
internal static class DemoMedia
{
    /// <summary>The path the vault fetches an item from (<c>Evidence:FetchUrl</c>'s template).</summary>
    private const string FetchPath = "/demo/media/{content_id}";

    /// <summary>Pictures made once per run (a reshare serves its original's bytes).</summary>
    private static readonly ConcurrentDictionary<string, byte[]> Made = new(StringComparer.Ordinal);

    /// <summary>The bytes of a demo item, or null when the demo has no such item.</summary>
    /// <remarks>
    /// <c>demo-post-NN</c> (and its reshares, <c>demo-post-NN-reshare-K</c>) is drawn picture NN; <c>demo-copy-NN</c> is
    /// picture NN re-encoded (a copy, not a reshare); the two gate uploads are the sample photographs.
    /// </remarks>
    public static byte[]? Bytes(string contentId) => Made.TryGetValue(contentId, out var made) ? made : Make(contentId) is { } bytes ? Made.GetOrAdd(contentId, bytes) : null;

    /// <summary>Serves the demo's items at <c>/demo/media/{contentId}</c>, without a key: benign pictures only.</summary>
    public static void Map(WebApplication app)
    {
        app.MapGet("/demo/media/{contentId}", Serve).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>
    /// The settings that let the vault fetch from this server: its host allowed (a loopback address, so private addresses
    /// too). Set before the server starts, when the fetcher is made.
    /// </summary>
    public static void AllowFetches(ServerOptions options)
    {
        var first = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        options.Evidence.FetchHosts = FetchHost(first);
        options.Evidence.FetchPrivateAddresses = true;
    }

    /// <summary>The fetch URL template on the address the server listens on (known only once it listens: the port may be 0).</summary>
    public static void PointFetchesAt(ServerOptions options, string listening)
    {
        var uri = new Uri(listening);
        var host = FetchHost(listening);
        var port = uri.Port.ToString(CultureInfo.InvariantCulture);
        options.Evidence.FetchUrl.Default = $"{uri.Scheme}://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}{FetchPath}";
        options.Evidence.FetchUrl.Image = null;
        options.Evidence.FetchUrl.Video = null;
    }

    /// <summary>The host a URL's listener is reached on from this machine: a wildcard (0.0.0.0, [::], +, *) is reached on 127.0.0.1.</summary>
    private static string FetchHost(string url)
    {
        var normalized = url.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
        {
            return "127.0.0.1";
        }

        var host = uri.Host.Trim('[', ']');
        return host is "0.0.0.0" or "::" ? "127.0.0.1" : host;
    }

    private static Results<FileContentHttpResult, NotFound> Serve(string contentId, HttpContext context)
    {
        if (Bytes(contentId) is not { } bytes)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(bytes, "image/jpeg");
    }

    private static byte[]? Make(string contentId)
    {
        if (contentId == DemoScenario.BlockedUpload)
        {
            return DemoPictures.Reencoded(DemoPictures.Sample(DemoPictures.Bridge));
        }

        if (contentId == DemoScenario.HeldUpload)
        {
            return DemoPictures.Sample(DemoPictures.Wee);
        }

        if (Number(contentId, "demo-post-") is { } post)
        {
            return DemoPictures.Drawn(post);
        }

        return Number(contentId, "demo-copy-") is { } copy ? DemoPictures.Reencoded(DemoPictures.Drawn(copy)) : null;
    }

    /// <summary>NN of <c>{prefix}NN</c> or <c>{prefix}NN-…</c>.</summary>
    private static int? Number(string contentId, string prefix)
    {
        if (!contentId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = contentId[prefix.Length..];
        var digits = rest.Split('-')[0];
        return digits.Length == 2 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
