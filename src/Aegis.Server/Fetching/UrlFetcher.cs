using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Aegis.Server.Hma;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Fetching;

/// <summary>
/// Downloads the media at a URL on the server's own behalf: for HMA's <c>?url=</c> (as HMA's <c>hash_url_content</c>)
/// and for the evidence vault's fetch from the platform, each with its <see cref="FetchPolicy"/>. http and https only,
/// only from the hosts the policy allows (redirects too: each hop is checked), within one deadline for every hop and the
/// whole body, no more than the policy's bytes (<see cref="HmaBodyReader"/>), at most the policy's number at once on the
/// node, and, unless the policy allows them, never to a loopback, private or link-local address (checked on the
/// addresses the name resolves to, at connect time, so DNS cannot point an allowed name inside). Whatever goes wrong
/// with the remote host is one answer (<see cref="Failed"/>), so the fetcher cannot be used to tell which ports of an
/// allowed host listen; the real cause is logged.
/// </summary>
internal sealed partial class UrlFetcher(FetchPolicy policy, TimeProvider time, ILogger<UrlFetcher> logger)
{
    /// <summary>The one answer to every failure of the remote host (refused, reset, TLS, a non-2xx status, a cut body…).</summary>
    public const string Failed = "Failed to fetch URL: the host did not return the media";

    /// <summary>How long a fetch waits for a slot when all are taken before it is refused with 503.</summary>
    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(1);

    /// <summary>The <c>Retry-After</c> of that 503: slots turn over as fetches end (a slow host holds one to the deadline).</summary>
    private const int RetryAfterSeconds = 5;

    private const int MaxRedirects = 10;

    private static readonly HttpClient Http = Client(publicOnly: false);

    /// <summary>The client that connects to public addresses only.</summary>
    private static readonly HttpClient PublicHttp = Client(publicOnly: true);

    private readonly SemaphoreSlim _slots = new(policy.MaxConcurrent);

    /// <summary>The policy's last reason for refusing to connect, for the log.</summary>
    public const string PrivateAddressRefused = "resolves only to loopback, private or link-local addresses";

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
                policy.Hosts is null
                    ? $"Fetching URLs is off on this server: set {policy.HostsSetting} (AEGIS_{policy.HostsSetting.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}) to the hosts it may fetch from"
                    : $"Invalid or unsafe URL provided: {uri.Host} is not in {policy.HostsSetting}");
        }

        if (!await _slots.WaitAsync(SlotWait, cancellationToken))
        {
            LogBusy(logger, policy.MaxConcurrent, policy.ConcurrencySetting, Shown(uri));
            throw new HmaException(
                StatusCodes.Status503ServiceUnavailable,
                $"Too many URL fetches at once on this server ({policy.ConcurrencySetting}); retry later",
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
        var timeout = TimeSpan.FromSeconds(policy.TimeoutSeconds);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var fetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await GetFollowingAllowedRedirectsAsync(uri, fetch.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(uri, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var body = await HmaBodyReader.ReadAsync(response.Content, policy.MaxBytes, fetch.Token);
            return (body, MediaType(response.Content.Headers.ContentType));
        }
        catch (HmaException e) when (e.Status == StatusCodes.Status413PayloadTooLarge)
        {
            LogTooLarge(logger, policy.Purpose, Shown(uri), policy.MaxBytes);
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested(); // the caller went away: no answer, and not the host's failure
            throw Failure(uri, deadline.IsCancellationRequested
                ? $"no complete answer within {policy.TimeoutSeconds} s ({policy.TimeoutSetting})"
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
            var response = await (policy.AllowPrivateAddresses ? Http : PublicHttp).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);

            // A refused hop is the one answer too: its reason would tell the caller where the host redirects.
            var refusal = hop == MaxRedirects ? $"more than {MaxRedirects} redirects"
                : !IsHttp(next) ? $"a redirect to a {next.Scheme}: URL"
                : !Allowed(next) ? $"a redirect to {next.Host}, which is not in {policy.HostsSetting}"
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
        foreach (var entry in (policy.Hosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
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
        LogFailed(logger, policy.Purpose, Shown(uri), reason);
        return new HmaException(StatusCodes.Status400BadRequest, Failed);
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>The URL as logged: without its user info and query, which may hold credentials.</summary>
    private static string Shown(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static string Reason(Exception e) => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;

    private static string? MediaType(MediaTypeHeaderValue? header) => header?.MediaType?.ToLowerInvariant();

    /// <summary>A client that follows no redirect itself; with <paramref name="publicOnly"/>, it connects to public addresses only.</summary>
    private static HttpClient Client(bool publicOnly) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None, // HmaBodyReader decodes, within the limit
        MaxResponseDrainSize = 0, // a response given up on closes its connection at once, not after draining it
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
        ConnectCallback = publicOnly ? ConnectPublicAsync : null,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the fetch's own deadline covers every hop and the body
    };

    /// <summary>Connects to the first public address the host resolves to; none is a failure (never a private one).</summary>
    private static async ValueTask<Stream> ConnectPublicAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = addresses.Where(PublicAddresses.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{endpoint.Host} {PrivateAddressRefused}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {Url} for {Purpose} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string purpose, string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching {Url} for {Purpose} stopped: the body is over {Limit} bytes")]
    private static partial void LogTooLarge(ILogger logger, string purpose, string url, long limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "All {Slots} fetch slots ({Setting}) are taken; refused {Url} with 503")]
    private static partial void LogBusy(ILogger logger, int slots, string setting, string url);
}
