using System.Net;
using System.Text;

namespace Aegis.Exchanges.Http;

/// <summary>
/// One HTTP call to an exchange, as every client makes it: the answer is read within a size limit and within the
/// <see cref="HttpClient.Timeout"/> (which covers the body too, not only the headers); a broken connection, a refused
/// one or a timeout becomes <see cref="ExchangeException"/> with <see cref="ExchangeError.Failed"/>; an error status is
/// turned into the right <see cref="ExchangeError"/> by <see cref="Refused"/>. Messages name the call by its method and
/// path, never its query (ThreatExchange's token travels in the query) nor a credential.
/// </summary>
internal static class ExchangeHttp
{
    /// <summary>How much of an error answer is read: enough for the exchange's message, not a page.</summary>
    private const int ErrorBodyBytes = 4096;

    /// <summary>Sends <paramref name="request"/> and reads its answer.</summary>
    /// <param name="http">The caller's client (its timeout bounds the whole call).</param>
    /// <param name="request">The request.</param>
    /// <param name="exchange">The exchange's name for messages ("NCMEC").</param>
    /// <param name="maxBytes">The largest successful answer accepted: a longer one is <see cref="ExchangeError.BadResponse"/>.</param>
    /// <param name="time">The clock, for a Retry-After given as a date.</param>
    /// <param name="cancellationToken">The caller's cancellation, which stays an <see cref="OperationCanceledException"/>.</param>
    /// <param name="keepHeader">A response header whose value the answer keeps (<see cref="ExchangeAnswer.Header"/>), or null.</param>
    public static async Task<ExchangeAnswer> SendAsync(
        HttpClient http, HttpRequestMessage request, string exchange, long maxBytes, TimeProvider time, CancellationToken cancellationToken, string? keepHeader = null)
    {
        var call = Describe(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (http.Timeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(http.Timeout);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var succeeded = status is >= 200 and < 300;
            var length = response.Content.Headers.ContentLength;
            if (succeeded && length > maxBytes)
            {
                throw new ExchangeException(
                    ExchangeError.BadResponse, $"{exchange} answered {call} with {length} bytes, over the {maxBytes}-byte limit of one page.");
            }

            var body = await ReadAsync(response.Content, succeeded ? maxBytes : ErrorBodyBytes, truncate: !succeeded, timeout.Token)
                ?? throw new ExchangeException(
                    ExchangeError.BadResponse, $"{exchange} answered {call} with more than the {maxBytes}-byte limit of one page.");

            var kept = keepHeader is not null && response.Headers.TryGetValues(keepHeader, out var values) ? string.Join(",", values) : null;
            return new ExchangeAnswer(status, body, RetryAfter(response, time)) { Header = kept };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            throw new ExchangeException(
                ExchangeError.Failed, $"{exchange} did not answer {call} within {http.Timeout.TotalSeconds:0.###} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new ExchangeException(ExchangeError.Failed, $"{call} to {exchange} failed: {Transport(e)}.", e);
        }
        catch (IOException e)
        {
            throw new ExchangeException(ExchangeError.Failed, $"The connection to {exchange} broke during {call}.", e);
        }
    }

    /// <summary>
    /// The exception for an answer whose status is not a success: 401/403 <see cref="ExchangeError.Unauthorized"/>;
    /// 408, 429 and 5xx <see cref="ExchangeError.Failed"/> with the Retry-After asked for; any other status
    /// <see cref="ExchangeError.Failed"/> too (the call may be made again; the message says what was refused).
    /// </summary>
    /// <param name="answer">The answer.</param>
    /// <param name="exchange">The exchange's name for messages.</param>
    /// <param name="call">The call, as <see cref="Describe"/> gives it.</param>
    /// <param name="secrets">Credentials to blank out of the exchange's message, should it echo one.</param>
    public static ExchangeException Refused(ExchangeAnswer answer, string exchange, string call, params IEnumerable<string?> secrets)
    {
        var said = Snippet(answer.Text, secrets);
        var detail = said.Length == 0 ? "" : $": {said}";
        var status = $"HTTP {answer.Status}";
        if (answer.Status is 401 or 403)
        {
            return new ExchangeException(ExchangeError.Unauthorized, $"{exchange} refused the credentials on {call} ({status}){detail}");
        }

        var retry = answer.RetryAfter is { } after ? $"; it asked to be called again in {after.TotalSeconds:0.#} s" : "";
        return new ExchangeException(ExchangeError.Failed, $"{exchange} answered {call} with {status}{retry}{detail}")
        {
            RetryAfter = answer.RetryAfter,
        };
    }

    /// <summary>"GET /v2/entries": the method and path of a request, without its query.</summary>
    public static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";

    /// <summary>Whether <paramref name="url"/> is on the same scheme, host and port as <paramref name="origin"/>.</summary>
    public static bool SameOrigin(Uri url, Uri origin) =>
        url.IsAbsoluteUri && string.Equals(url.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.Host, origin.Host, StringComparison.OrdinalIgnoreCase) && url.Port == origin.Port;

    /// <summary>Text an exchange sent, for a message: one line, at most 200 characters, credentials blanked.</summary>
    public static string Snippet(string text, IEnumerable<string?> secrets)
    {
        var line = new StringBuilder(Math.Min(text.Length, 200));
        foreach (var c in text)
        {
            if (line.Length == 200)
            {
                line.Append('…');
                break;
            }

            line.Append(char.IsControl(c) ? ' ' : c);
        }

        var said = line.ToString().Trim();
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                said = said.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return said;
    }

    /// <summary>The body; past <paramref name="limit"/> bytes, its first <paramref name="limit"/> when <paramref name="truncate"/>, else null.</summary>
    private static async Task<byte[]?> ReadAsync(HttpContent content, long limit, bool truncate, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return body.ToArray();
            }

            if (body.Length + read > limit)
            {
                if (truncate)
                {
                    body.Write(buffer, 0, (int)(limit - body.Length));
                    return body.ToArray();
                }

                return null;
            }

            body.Write(buffer, 0, read);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : null;
    }

    private static string Transport(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "the connection was refused or broke",
        HttpRequestError.NameResolutionError => "the host name did not resolve",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer ended",
        HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
        _ => e.StatusCode is { } status ? $"HTTP {(int)status}" : "the request did not complete",
    };
}
