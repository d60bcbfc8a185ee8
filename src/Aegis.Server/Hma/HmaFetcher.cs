using System.Net;
using System.Net.Http.Headers;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Hma;

/// <summary>
/// Downloads the media at a URL for <c>?url=</c> (as HMA's <c>hash_url_content</c>): http and https only, only from the
/// hosts <see cref="HmaOptions.FetchHosts"/> allows (redirects too: each hop is checked), within one deadline for
/// every hop and the whole body (<see cref="HmaOptions.FetchTimeoutSeconds"/>), no more than
/// <see cref="ServerOptions.MaxRequestBytes"/> (<see cref="HmaBodyReader"/>), and at most
/// <see cref="HmaOptions.MaxConcurrentFetches"/> at once on the node. Whatever goes wrong with the remote host is one
/// answer (<see cref="Failed"/>), so the fetcher cannot be used to tell which ports of an allowed host listen; the real
/// cause is logged.
/// </summary>
internal sealed partial class HmaFetcher(ServerOptions options, TimeProvider time, ILogger<HmaFetcher> logger)
{
    /// <summary>The one answer to every failure of the remote host (refused, reset, TLS, a non-2xx status, a cut body…).</summary>
    public const string Failed = "Failed to fetch URL: the host did not return the media";

    /// <summary>How long a fetch waits for a slot when all are taken before it is refused with 503.</summary>
    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(1);

    /// <summary>The <c>Retry-After</c> of that 503: slots turn over as fetches end (a slow host holds one to the deadline).</summary>
    private const int RetryAfterSeconds = 5;

    private const int MaxRedirects = 10;

    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None, // HmaBodyReader decodes, within the limit
        MaxResponseDrainSize = 0, // a response given up on closes its connection at once, not after draining it
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the fetch's own deadline covers every hop and the body
    };

    private readonly SemaphoreSlim _slots = new(options.Hma.MaxConcurrentFetches);

    /// <summary>The media at <paramref name="url"/>; dispose it once hashed, to give its slot back.</summary>
    public async Task<HmaFetchedMedia> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsHttp(uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Invalid or unsafe URL provided");
        }

        if (!Allowed(uri))
        {
            throw new HmaException(
                StatusCodes.Status400BadRequest,
                options.Hma.FetchHosts is null
                    ? "Fetching URLs is off on this server: set Hma:FetchHosts (AEGIS_HMA__FETCHHOSTS) to the hosts it may fetch from"
                    : $"Invalid or unsafe URL provided: {uri.Host} is not in Hma:FetchHosts");
        }

        if (!await _slots.WaitAsync(SlotWait, cancellationToken))
        {
            LogBusy(logger, options.Hma.MaxConcurrentFetches, Shown(uri));
            throw new HmaException(
                StatusCodes.Status503ServiceUnavailable,
                "Too many URL fetches at once on this server (Hma:MaxConcurrentFetches); retry later",
                RetryAfterSeconds);
        }

        try
        {
            var (body, mediaType) = await DownloadAsync(uri, cancellationToken);
            return new HmaFetchedMedia(body, mediaType, _slots);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    private async Task<(HmaBodyBuffer Body, string? MediaType)> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.Hma.FetchTimeoutSeconds);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var fetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await GetFollowingAllowedRedirectsAsync(uri, fetch.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(uri, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var body = await HmaBodyReader.ReadAsync(response.Content, options.MaxRequestBytes, fetch.Token);
            return (body, MediaType(response.Content.Headers.ContentType));
        }
        catch (HmaException e) when (e.Status == StatusCodes.Status413PayloadTooLarge)
        {
            LogTooLarge(logger, Shown(uri), options.MaxRequestBytes);
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested(); // the caller went away: no answer, and not the host's failure
            throw Failure(uri, deadline.IsCancellationRequested
                ? $"no complete answer within {options.Hma.FetchTimeoutSeconds} s (Hma:FetchTimeoutSeconds)"
                : Reason(e));
        }
    }

    private async Task<HttpResponseMessage> GetFollowingAllowedRedirectsAsync(Uri uri, CancellationToken cancellationToken)
    {
        var first = uri;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", HmaBodyReader.AcceptEncoding);
            var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);

            // A refused hop is the one answer too: its reason would tell the caller where the host redirects.
            var refusal = hop == MaxRedirects ? $"more than {MaxRedirects} redirects"
                : !IsHttp(next) ? $"a redirect to a {next.Scheme}: URL"
                : !Allowed(next) ? $"a redirect to {next.Host}, which is not in Hma:FetchHosts"
                : null;
            if (refusal is not null)
            {
                throw Failure(first, refusal);
            }

            uri = next;
        }
    }

    private bool Allowed(Uri uri)
    {
        foreach (var entry in (options.Hma.FetchHosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry == "*" || uri.Host.Equals(entry, StringComparison.OrdinalIgnoreCase) ||
                (entry.StartsWith('.') && (uri.Host.EndsWith(entry, StringComparison.OrdinalIgnoreCase) || uri.Host.Equals(entry[1..], StringComparison.OrdinalIgnoreCase))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Logs why the fetch failed and returns the one answer the caller gets.</summary>
    private HmaException Failure(Uri uri, string reason)
    {
        LogFailed(logger, Shown(uri), reason);
        return new HmaException(StatusCodes.Status400BadRequest, Failed);
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>The URL as logged: without its user info and query, which may hold credentials.</summary>
    private static string Shown(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static string Reason(Exception e) => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;

    private static string? MediaType(MediaTypeHeaderValue? header) => header?.MediaType?.ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {Url} for an HMA ?url= failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching {Url} for an HMA ?url= stopped: the body is over MaxRequestBytes ({Limit})")]
    private static partial void LogTooLarge(ILogger logger, string url, long limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "All {Slots} HMA fetch slots (Hma:MaxConcurrentFetches) are taken; refused {Url} with 503")]
    private static partial void LogBusy(ILogger logger, int slots, string url);
}
