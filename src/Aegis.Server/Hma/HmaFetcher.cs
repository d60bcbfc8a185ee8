using System.Buffers;
using System.Net.Http.Headers;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// Downloads the media at a URL for <c>?url=</c> (as HMA's <c>hash_url_content</c>): http and https only, only from the
/// hosts <see cref="HmaOptions.FetchHosts"/> allows (redirects too: each hop is checked), 30 seconds in all, and no more
/// than <see cref="ServerOptions.MaxRequestBytes"/>.
/// </summary>
internal sealed class HmaFetcher(ServerOptions options)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The body and its media type (the <c>Content-Type</c> without parameters, or null).</summary>
    public async Task<(byte[] Bytes, string? MediaType)> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            string.IsNullOrEmpty(uri.Host))
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Invalid or unsafe URL provided");
        }

        try
        {
            using var response = await GetFollowingAllowedRedirectsAsync(uri, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HmaException(
                    StatusCodes.Status400BadRequest, $"Failed to fetch URL: {(int)response.StatusCode} {response.ReasonPhrase} for url: {uri}");
            }

            if (response.Content.Headers.ContentLength > options.MaxRequestBytes)
            {
                throw new HmaException(StatusCodes.Status413PayloadTooLarge, "Content too large");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return (await ReadAsync(stream, cancellationToken), MediaType(response.Content.Headers.ContentType));
        }
        catch (HttpRequestException e)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Failed to fetch URL: " + e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Failed to fetch URL: no answer within 30 seconds");
        }
    }

    private async Task<HttpResponseMessage> GetFollowingAllowedRedirectsAsync(Uri uri, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            if (!Allowed(uri))
            {
                throw new HmaException(
                    StatusCodes.Status400BadRequest,
                    options.Hma.FetchHosts is null
                        ? "Fetching URLs is off on this server: set Hma:FetchHosts (AEGIS_HMA__FETCHHOSTS) to the hosts it may fetch from"
                        : $"Invalid or unsafe URL provided: {uri.Host} is not in Hma:FetchHosts");
            }

            var response = await Http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            if (hop == 10)
            {
                throw new HmaException(StatusCodes.Status400BadRequest, "Failed to fetch URL: more than 10 redirects");
            }

            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new HmaException(StatusCodes.Status400BadRequest, "Invalid or unsafe URL provided");
            }
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

    private async Task<byte[]> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        while (true)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(64 * 1024), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > options.MaxRequestBytes)
            {
                throw new HmaException(StatusCodes.Status413PayloadTooLarge, "Content too large");
            }
        }
    }

    private static string? MediaType(MediaTypeHeaderValue? header) => header?.MediaType?.ToLowerInvariant();
}
