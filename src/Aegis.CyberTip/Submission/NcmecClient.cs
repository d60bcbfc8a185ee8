using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

using Aegis.Core.CyberTip;

namespace Aegis.CyberTip.Submission;

/// <summary>
/// NCMEC's CyberTipline reporting API over the <see cref="HttpClient"/> it is given, HTTP Basic authentication on every
/// call. Each step returns NCMEC's answer with its <c>Request-ID</c> or throws <see cref="NcmecException"/>:
/// <list type="bullet">
/// <item>retryable: NCMEC's server errors (1xxx), HTTP 5xx, 408 and 429, timeouts (<see cref="NcmecOptions.Timeout"/>),
/// refused or reset connections, and an answer that is not NCMEC's XML;</item>
/// <item>not retryable: 2000 and 3xxx (credentials), 4xxx (the request or document is wrong), 5001/5002 (no such report
/// or file: unknown, expired after its window, or another account's), 5101 (already retracted), 5102 (already finished).</item>
/// </list>
/// Callers treat 5102 on <see cref="FinishAsync"/> and 5101 on <see cref="RetractAsync"/> as "already done": a retried
/// finish whose first answer was lost meets 5102, and the report is finished. A retried submit whose first answer was
/// lost opens a second report; the first is deleted by NCMEC unfinished (24 h after opening, 1 h after its last change).
/// The caller's cancellation is an <see cref="OperationCanceledException"/>, not an <see cref="NcmecException"/>.
/// The password is sent only in the Authorization header: never in a message.
/// </summary>
public sealed class NcmecClient : INcmecReporting
{
    /// <summary>NCMEC's answers are a few hundred bytes; a longer body is not one of them.</summary>
    private const int MaxAnswerChars = 1 << 20;

    private readonly HttpClient _http;
    private readonly NcmecOptions _options;
    private readonly string _baseUrl;
    private readonly AuthenticationHeaderValue _authorization;

    /// <summary>A client over <paramref name="http"/> (which it does not dispose), with options that must be valid.</summary>
    public NcmecClient(HttpClient http, NcmecOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("The NCMEC options are not usable: " + string.Join(" ", errors), nameof(options));
        }

        _http = http;
        _options = options;
        _baseUrl = options.ResolveBaseUrl().AbsoluteUri.TrimEnd('/') + "/";
        _authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password)));
    }

    /// <summary>The service this client talks to.</summary>
    public Uri BaseUrl => _options.ResolveBaseUrl();

    /// <inheritdoc />
    public async Task<NcmecAnswer> StatusAsync(CancellationToken cancellationToken)
    {
        var (_, requestId) = await SendAsync(NcmecStep.Status, null, cancellationToken);
        return new NcmecAnswer(NcmecCodes.Success, requestId);
    }

    /// <inheritdoc />
    public async Task<NcmecAnswer<long>> SubmitAsync(string reportXml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportXml);
        var (reply, requestId) = await SendAsync(NcmecStep.Submit, Xml(reportXml), cancellationToken);
        var reportId = reply.ReportId ?? throw Malformed(NcmecStep.Submit, "a success without the new report's reportId", requestId);
        return new NcmecAnswer<long>(reportId, NcmecCodes.Success, requestId);
    }

    /// <inheritdoc />
    public async Task<NcmecAnswer<NcmecUploadedFile>> UploadAsync(long reportId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(content);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(reportId.ToString(CultureInfo.InvariantCulture)), "id" },
        };
        var file = new StreamContent(new Md5ReadStream(content, md5));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);

        var (reply, requestId) = await SendAsync(NcmecStep.Upload, form, cancellationToken);
        var fileId = reply.FileId is { Length: > 0 } id ? id : throw Malformed(NcmecStep.Upload, "a success without the file's fileId", requestId);
        var sent = Convert.ToHexStringLower(md5.GetCurrentHash());
        if (reply.Hash is { Length: > 0 } hash && !string.Equals(hash, sent, StringComparison.OrdinalIgnoreCase))
        {
            // NCMEC holds other bytes than were sent: the report carries a wrong file that another upload cannot remove.
            throw new NcmecException(
                $"NCMEC received different bytes than were sent on POST /upload (its MD5 {hash}, sent {sent}; file {fileId} on report {reportId}); "
                + $"retract the report and send it again. Request-ID: {requestId ?? "none"}.",
                null, null, requestId, retryable: false);
        }

        return new NcmecAnswer<NcmecUploadedFile>(new NcmecUploadedFile(fileId, reply.Hash), NcmecCodes.Success, requestId);
    }

    /// <inheritdoc />
    public async Task<NcmecAnswer> FileInfoAsync(string fileDetailsXml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileDetailsXml);
        var (_, requestId) = await SendAsync(NcmecStep.FileInfo, Xml(fileDetailsXml), cancellationToken);
        return new NcmecAnswer(NcmecCodes.Success, requestId);
    }

    /// <inheritdoc />
    public async Task<NcmecAnswer<NcmecFinished>> FinishAsync(long reportId, CancellationToken cancellationToken)
    {
        var (reply, requestId) = await SendAsync(NcmecStep.Finish, Form(reportId), cancellationToken);
        var finished = new NcmecFinished(reply.ReportId ?? reportId, reply.FileIds);
        return new NcmecAnswer<NcmecFinished>(finished, NcmecCodes.Success, requestId);
    }

    /// <inheritdoc />
    public async Task<NcmecAnswer> RetractAsync(long reportId, CancellationToken cancellationToken)
    {
        var (_, requestId) = await SendAsync(NcmecStep.Retract, Form(reportId), cancellationToken);
        return new NcmecAnswer(NcmecCodes.Success, requestId);
    }

    private static StringContent Xml(string xml) => new(xml, new UTF8Encoding(false), "text/xml");

    private static FormUrlEncodedContent Form(long reportId) =>
        new([new KeyValuePair<string, string>("id", reportId.ToString(CultureInfo.InvariantCulture))]);

    private async Task<(NcmecReply Reply, string? RequestId)> SendAsync(NcmecStep step, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(content is null ? HttpMethod.Get : HttpMethod.Post, _baseUrl + step.Path) { Content = content };
        request.Headers.Authorization = _authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        HttpStatusCode status;
        string? requestId = null;
        string? body;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = response.StatusCode;
            requestId = response.Headers.TryGetValues("Request-ID", out var ids) ? ids.FirstOrDefault() : null;
            body = await ReadAnswerAsync(response.Content, timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            throw new NcmecException(
                $"NCMEC did not answer {step.Call} within {_options.Timeout.TotalSeconds:0.###} s (the step may or may not have taken effect).",
                null, null, requestId, retryable: true, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new NcmecException(
                $"{step.Call} to NCMEC did not complete: {Transport(e)} (the step may or may not have taken effect).",
                null, (int?)(e as HttpRequestException)?.StatusCode, requestId, retryable: true, e);
        }

        var code = (int)status;
        var problem = $"an answer over {MaxAnswerChars} characters";
        var reply = body is null ? null : NcmecReply.TryParse(body, out problem);
        if (reply is null)
        {
            if (code is >= 200 and < 300)
            {
                throw Malformed(step, problem, requestId, code);
            }

            var retryable = code is >= 500 or 408 or 429;
            var hint = code is 401 or 403 ? " (check Username and Password)" : "";
            throw new NcmecException(
                $"NCMEC answered {step.Call} with HTTP {code} {status}{hint} and {problem}. Request-ID: {requestId ?? "none"}.",
                null, code, requestId, retryable);
        }

        if (reply.Code != NcmecCodes.Success)
        {
            var description = string.IsNullOrEmpty(reply.Description) ? "" : ": " + reply.Description.TrimEnd('.');
            throw new NcmecException(
                $"{NcmecCodeText.Explain(reply.Code, step)} ({reply.Code} {NcmecCodeText.Name(reply.Code)}){description}. HTTP {code}; Request-ID: {requestId ?? "none"}.",
                reply.Code, code, requestId, NcmecCodeText.IsRetryable(reply.Code));
        }

        if (code is < 200 or >= 300)
        {
            throw new NcmecException(
                $"NCMEC answered {step.Call} with success in its XML but HTTP {code} {status}. Request-ID: {requestId ?? "none"}.",
                reply.Code, code, requestId, retryable: code is >= 500 or 408 or 429);
        }

        return (reply, requestId);
    }

    /// <summary>The answer's text, or null when it is longer than any of NCMEC's answers.</summary>
    private static async Task<string?> ReadAnswerAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = new StringBuilder();
        var chunk = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (text.Length + read > MaxAnswerChars)
            {
                return null;
            }

            text.Append(chunk, 0, read);
        }

        return text.ToString();
    }

    private static string Transport(Exception e) => e switch
    {
        HttpRequestException { InnerException: SocketException s } => $"the connection failed ({s.SocketErrorCode})",
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the connection closed before NCMEC's answer",
        HttpRequestException h => $"{h.HttpRequestError} ({h.Message})",
        _ => $"the connection broke ({e.Message})",
    };

    private static NcmecException Malformed(NcmecStep step, string problem, string? requestId, int? httpStatus = 200) =>
        new($"NCMEC's answer to {step.Call} was not one Aegis can read: {problem}. Request-ID: {requestId ?? "none"}.",
            null, httpStatus, requestId, retryable: true);
}
