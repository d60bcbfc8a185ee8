using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Aegis.CyberTip.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aegis.Fakes.Ncmec;

/// <summary>The fake NCMEC's HTTP side: credentials, documents, faults and answers over <see cref="FakeNcmecLedger"/>.</summary>
internal sealed class FakeNcmecApi(TimeProvider time, string username, string password, long maxRequestBytes)
{
    private static readonly string[] Endpoints = ["status", "submit", "upload", "fileinfo", "finish", "retract"];

    private readonly FakeNcmecLedger _ledger = new(time);
    private readonly Lock _lock = new();
    private readonly List<FakeNcmecRequest> _requests = [];
    private readonly Dictionary<string, Queue<NcmecFault>> _faults = [];
    private readonly CancellationTokenSource _stopping = new();

    public string Username => username;

    public string Password => password;

    /// <summary>The HTTP status the fake answers an NCMEC code with (NCMEC's own choice is not documented; clients key on the code).</summary>
    public static int HttpStatusOf(int code) => code switch
    {
        0 => 200,
        >= 1000 and < 2000 => 500,
        2000 => 401,
        >= 3000 and < 4000 => 403,
        _ => 200,
    };

    public IReadOnlyList<FakeNcmecReport> Reports() => _ledger.Snapshot();

    public IReadOnlyList<FakeNcmecRequest> Requests()
    {
        lock (_lock)
        {
            return _requests.ToList();
        }
    }

    public void Fail(string endpoint, NcmecFault fault, int times)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        if (!Endpoints.Contains(endpoint))
        {
            throw new ArgumentException($"NCMEC has no endpoint '{endpoint}'; it has {string.Join(", ", Endpoints)}.", nameof(endpoint));
        }

        if (fault.Kind == NcmecFaultKind.WrongHash && endpoint != "upload")
        {
            throw new ArgumentException("A wrong hash is answered by upload only.", nameof(fault));
        }

        lock (_lock)
        {
            var queue = _faults.TryGetValue(endpoint, out var q) ? q : _faults[endpoint] = new Queue<NcmecFault>();
            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var endpoint = request.Path.StartsWithSegments("/ispws", out var rest) ? rest.Value!.Trim('/') : request.Path.Value ?? "";
        var caller = Credentials(request);
        if (!Endpoints.Contains(endpoint) || request.Method != (endpoint == "status" ? "GET" : "POST"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            Record(new FakeNcmecRequest(endpoint, null, caller?.User, null, 404, null, null, null));
            return;
        }

        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"ispws\"";
            await AnswerAsync(context, endpoint, null, new StepOutcome(2000, "Authentication required."), null);
            return;
        }

        if (caller.Value.User != username || caller.Value.Password != password)
        {
            await AnswerAsync(context, endpoint, caller.Value.User, new StepOutcome(3000, "Not authorized."), null);
            return;
        }

        var fault = TakeFault(endpoint);
        if (fault is { AfterStep: false })
        {
            await FaultAsync(context, endpoint, caller.Value.User, fault, null);
            return;
        }

        StepOutcome outcome;
        try
        {
            outcome = await StepAsync(endpoint, caller.Value.User, context);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            outcome = new StepOutcome(4000, $"Invalid request: {e.Message}");
        }

        // A fault after the step hits whatever the answer was; a wrong hash needs a stored file to lie about.
        if (fault is not null && (fault.Kind != NcmecFaultKind.WrongHash || outcome.Code == 0))
        {
            if (fault.Kind == NcmecFaultKind.WrongHash)
            {
                await AnswerAsync(context, endpoint, caller.Value.User, outcome with { Hash = Other(outcome.Hash!) }, fault);
                return;
            }

            await FaultAsync(context, endpoint, caller.Value.User, fault, outcome.ReportId);
            return;
        }

        await AnswerAsync(context, endpoint, caller.Value.User, outcome, fault);
    }

    private async Task<StepOutcome> StepAsync(string endpoint, string user, HttpContext context)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        switch (endpoint)
        {
            case "status":
                return StepOutcome.Success(null) with { Description = "The service is up." };
            case "submit":
            {
                var (xml, refused) = await DocumentAsync(request, "report", aborted);
                return refused ?? _ledger.Submit(user, xml!);
            }

            case "fileinfo":
            {
                var (xml, refused) = await DocumentAsync(request, "fileDetails", aborted);
                if (refused is not null)
                {
                    return refused;
                }

                var details = XDocument.Parse(xml!).Root!;
                var reportId = long.Parse(details.Element("reportId")!.Value, CultureInfo.InvariantCulture);
                return _ledger.FileInfo(user, reportId, details.Element("fileId")!.Value.Trim(), xml!);
            }

            case "upload":
            {
                if (!request.HasFormContentType)
                {
                    return new StepOutcome(4000, "Invalid request: upload expects multipart/form-data with 'id' and 'file'.");
                }

                var options = new FormOptions { MultipartBodyLengthLimit = maxRequestBytes };
                var form = await request.ReadFormAsync(options, aborted);
                var file = form.Files.GetFile("file");
                if (!TryId(form["id"], out var reportId) || file is null)
                {
                    return new StepOutcome(4000, "Invalid request: upload expects the fields 'id' (a report id) and 'file'.");
                }

                using var bytes = new MemoryStream();
                await file.CopyToAsync(bytes, aborted);
                return bytes.Length == 0
                    ? new StepOutcome(4200, "Malformed file: the file is empty.", reportId)
                    : _ledger.Upload(user, reportId, file.FileName, bytes.ToArray());
            }

            default:
            {
                if (!request.HasFormContentType)
                {
                    return new StepOutcome(4000, $"Invalid request: {endpoint} expects a form with 'id'.");
                }

                var form = await request.ReadFormAsync(aborted);
                if (!TryId(form["id"], out var reportId))
                {
                    return new StepOutcome(4000, $"Invalid request: {endpoint} expects the field 'id' (a report id).");
                }

                return endpoint == "finish" ? _ledger.Finish(user, reportId) : _ledger.Retract(user, reportId);
            }
        }
    }

    /// <summary>A posted document: text/xml, well-formed (else 4110), the expected root and valid against the schema (else 4100).</summary>
    private static async Task<(string? Xml, StepOutcome? Refused)> DocumentAsync(HttpRequest request, string root, CancellationToken aborted)
    {
        var type = request.ContentType ?? "";
        if (!type.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new StepOutcome(4000, $"Invalid request: expected text/xml, got '{type}'."));
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var xml = await reader.ReadToEndAsync(aborted);
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var parse = XmlReader.Create(new StringReader(xml), settings);
            var document = XDocument.Load(parse);
            if (document.Root!.Name.LocalName != root || document.Root.Name.NamespaceName.Length > 0)
            {
                return (null, new StepOutcome(4100, $"Validation failed: expected a <{root}> document, got <{document.Root.Name}>."));
            }
        }
        catch (XmlException e)
        {
            return (null, new StepOutcome(4110, $"Malformed XML: {e.Message}"));
        }

        var errors = CyberTipSchema.Validate(xml);
        return errors.Count > 0 ? (null, new StepOutcome(4100, "Validation failed: " + string.Join("; ", errors))) : (xml, null);
    }

    private async Task FaultAsync(HttpContext context, string endpoint, string user, NcmecFault fault, long? reportId)
    {
        switch (fault.Kind)
        {
            case NcmecFaultKind.Answer:
                await AnswerAsync(context, endpoint, user, new StepOutcome(fault.ResponseCode!.Value, $"Injected fault: {fault}.", reportId), fault, fault.HttpStatus);
                return;
            case NcmecFaultKind.Hang:
                Record(new FakeNcmecRequest(endpoint, reportId, user, null, null, null, fault.ToString(), null));
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, either.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                context.Abort();
                return;
            case NcmecFaultKind.Abort:
                Record(new FakeNcmecRequest(endpoint, reportId, user, null, null, null, fault.ToString(), null));
                context.Abort();
                return;
            default:
                var unavailable = fault.Kind == NcmecFaultKind.Unavailable;
                var body = unavailable
                    ? "<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>"
                    : "<reportResponse><responseCode>0</respon";
                await WriteAsync(context, endpoint, user, reportId, null, fault.HttpStatus!.Value, unavailable ? "text/html" : "text/xml", body, fault);
                return;
        }
    }

    private Task AnswerAsync(HttpContext context, string endpoint, string? user, StepOutcome outcome, NcmecFault? fault, int? httpStatus = null)
    {
        XElement answer = outcome.DoneFiles is { } files
            ? new("reportDoneResponse",
                new XElement("responseCode", outcome.Code),
                new XElement("reportId", outcome.ReportId),
                new XElement("files", files.Select(f => new XElement("fileId", f))))
            : new("reportResponse",
                new XElement("responseCode", outcome.Code),
                new XElement("responseDescription", outcome.Description),
                outcome.ReportId is { } id ? new XElement("reportId", id) : null,
                outcome.FileId is { } fileId ? new XElement("fileId", fileId) : null,
                outcome.Hash is { } hash ? new XElement("hash", hash) : null);
        var body = new XDocument(new XDeclaration("1.0", "UTF-8", null), answer).Declaration + answer.ToString(SaveOptions.DisableFormatting);
        return WriteAsync(context, endpoint, user, outcome.ReportId, outcome.Code, httpStatus ?? HttpStatusOf(outcome.Code), "text/xml", body, fault);
    }

    private async Task WriteAsync(HttpContext context, string endpoint, string? user, long? reportId, int? code, int status, string type, string body, NcmecFault? fault)
    {
        var requestId = Guid.NewGuid().ToString();
        Record(new FakeNcmecRequest(endpoint, reportId, user, code, status, requestId, fault?.ToString(), body));
        context.Response.StatusCode = status;
        context.Response.Headers["Request-ID"] = requestId;
        context.Response.ContentType = type + "; charset=utf-8";
        await context.Response.WriteAsync(body, Encoding.UTF8);
    }

    private NcmecFault? TakeFault(string endpoint)
    {
        lock (_lock)
        {
            return _faults.TryGetValue(endpoint, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
        }
    }

    private void Record(FakeNcmecRequest entry)
    {
        lock (_lock)
        {
            _requests.Add(entry);
        }
    }

    private static (string User, string Password)? Credentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (pair[..colon], pair[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool TryId(Microsoft.Extensions.Primitives.StringValues value, out long id) =>
        long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out id);

    /// <summary>An MD5 that is not <paramref name="md5"/>.</summary>
    private static string Other(string md5) => (md5[0] == '0' ? "1" : "0") + md5[1..];
}
