using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Aegis.Exchanges.Files;

/// <summary>Where a file exchange's list is read from: a local file, or a URL (asked with the last ETag, so an unchanged list costs a 304).</summary>
internal abstract class FileSource
{
    /// <summary>What <see cref="FileSource.Name"/> says for the list, in messages.</summary>
    public abstract string Name { get; }

    /// <summary>The list's bytes and ETag, or null when the source says it has not changed since <paramref name="etag"/>.</summary>
    /// <exception cref="ExchangeException">It cannot be read.</exception>
    public abstract Task<(byte[] Bytes, string? ETag)?> ReadAsync(string? etag, CancellationToken cancellationToken);

    public static FileSource Local(string path) => new LocalFile(path);

    public static FileSource Remote(Uri url, string? token, HttpClient http) => new RemoteFile(url, token, http);

    private static ExchangeException TooLarge(string name) =>
        new(ExchangeError.BadResponse, string.Create(CultureInfo.InvariantCulture, $"{name} is larger than {FileExchangeApi.MaxBytes} bytes."));

    private sealed class LocalFile(string path) : FileSource
    {
        public override string Name => path;

        public override async Task<(byte[] Bytes, string? ETag)?> ReadAsync(string? etag, CancellationToken cancellationToken)
        {
            try
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
                if (stream.Length > FileExchangeApi.MaxBytes)
                {
                    throw TooLarge(path);
                }

                var bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes, cancellationToken);
                return (bytes, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ExchangeException(ExchangeError.Failed, $"{path} cannot be read: {e.Message}", e);
            }
        }
    }

    private sealed class RemoteFile(Uri url, string? token, HttpClient http) : FileSource
    {
        public override string Name => url.GetLeftPart(UriPartial.Path);

        public override async Task<(byte[] Bytes, string? ETag)?> ReadAsync(string? etag, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return null;
                }

                if (!response.IsSuccessStatusCode)
                {
                    var code = (int)response.StatusCode;
                    var error = code is 401 or 403 ? ExchangeError.Unauthorized : ExchangeError.Failed;
                    throw new ExchangeException(error, string.Create(CultureInfo.InvariantCulture, $"{Name} answered {code} {response.ReasonPhrase}."))
                    {
                        RetryAfter = RetryAfter(response),
                    };
                }

                if (response.Content.Headers.ContentLength > FileExchangeApi.MaxBytes)
                {
                    throw TooLarge(Name);
                }

                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                using var buffer = new MemoryStream();
                var chunk = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    if (buffer.Length + read > FileExchangeApi.MaxBytes)
                    {
                        throw TooLarge(Name);
                    }

                    buffer.Write(chunk, 0, read);
                }

                return (buffer.ToArray(), response.Headers.ETag?.ToString());
            }
            catch (HttpRequestException e)
            {
                throw new ExchangeException(ExchangeError.Failed, $"{Name} could not be fetched: {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ExchangeException(ExchangeError.Failed, $"{Name} did not answer in time.", e);
            }
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero,
            _ => null,
        };
    }
}
