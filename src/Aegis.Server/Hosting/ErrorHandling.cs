using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aegis.Hashing.Memory;
using Aegis.Server.Gate;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aegis.Server.Hosting;

/// <summary>
/// Turns every refusal into an RFC 9457 problem with the right 4xx and a detail that says what to fix; anything else
/// is a 500 that says nothing of the internals (and is logged). One request's failure never touches another's.
/// </summary>
internal static partial class ErrorHandling
{
    public static void UseAegisErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.ContentType is null && context.Response.StatusCode >= 400)
            {
                // The framework refused the request without a body (no endpoint at that path or for that method, a
                // content type the endpoint does not read): say so as a problem too.
                var (title, detail) = Bodiless(context);
                await Problems.WriteAsync(context, context.Response.StatusCode, title, detail);
            }
        }
        catch (Exception e) when (!context.Response.HasStarted && Map(e, context) is { } problem)
        {
            if (e is DecodeBudgetException { RetryAfter: { } retryAfter })
            {
                context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
            }

            await Problems.WriteAsync(context, problem.Status, problem.Title, problem.Detail);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            LogUnexpected(context.RequestServices.GetRequiredService<ILogger<Startup>>(), e, context.Request.Path);
            await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error", "The server failed; the error is logged.");
        }
    });

    private static (int Status, string Title, string Detail)? Map(Exception e, HttpContext context) => e switch
    {
        GateException g => (g.Status, g.Title, g.Message),
        Aegis.CyberTip.Evidence.EvidenceIntegrityException i => (StatusCodes.Status409Conflict, "Integrity check failed", $"{i.Message} Nothing was returned; the failure is in the audit log (evidence.integrity_failed)."),
        Aegis.CyberTip.Evidence.EvidenceKeyException k => (StatusCodes.Status503ServiceUnavailable, "Evidence key missing", k.Message),
        DecodeBudgetException { TooLarge: true } d => (StatusCodes.Status413PayloadTooLarge, "Too large to decode", $"{d.Message} (Decode:BudgetBytes)"),
        DecodeBudgetException d => (StatusCodes.Status503ServiceUnavailable, "Busy decoding", d.Message),
        BankStoreException { Error: BankStoreError.NotFound } s => (StatusCodes.Status404NotFound, "Not found", s.Message),
        BankStoreException { Error: BankStoreError.AlreadyExists or BankStoreError.Conflict } s => (StatusCodes.Status409Conflict, "Conflict", s.Message),
        BankStoreException s => (StatusCodes.Status400BadRequest, "Invalid request", s.Message),
        BadHttpRequestException { InnerException: JsonException } b => (b.StatusCode, "Bad JSON", Describe(b, context)),
        BadHttpRequestException b => (b.StatusCode, b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Too large" : ReasonPhrases.GetReasonPhrase(b.StatusCode), Describe(b, context)),
        Core.CyberTip.CyberTipRefusal r => (StatusCodes.Status409Conflict, "Conflict", r.Message),
        JsonException j => (StatusCodes.Status400BadRequest, "Bad JSON", JsonErrors.Describe(j, null, JsonOptions(context))),
        _ => null,
    };

    private static (string Title, string Detail) Bodiless(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => ("Not found", $"There is nothing at {context.Request.Path} (the API is in docs/api.md)."),
        StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{context.Request.Method} is not allowed on {context.Request.Path}."),
        StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", $"{context.Request.Path} does not read '{context.Request.ContentType}' (JSON bodies are application/json)."),
        var status => (ReasonPhrases.GetReasonPhrase(status), $"The request was refused ({status})."),
    };

    /// <summary>
    /// What is wrong, in the API's terms: the framework's messages for a body or parameter it could not bind name the
    /// handler's .NET types (<c>"LookupRequest lookup"</c>); these name the field and what it takes instead.
    /// </summary>
    internal static string Describe(BadHttpRequestException e, HttpContext context)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return "The request body is larger than this server accepts (MaxRequestBytes).";
        }

        if (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return "The request body came in too slowly (slower than MinDataBytesPerSecond, after MinDataGraceSeconds).";
        }

        var endpoint = context.GetEndpoint();
        if (e.InnerException is JsonException json)
        {
            return JsonErrors.Describe(json, endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType, JsonOptions(context));
        }

        if (MediaType().Match(e.Message) is { Success: true } media)
        {
            var got = media.Groups["type"].Value is { Length: > 0 } type ? $"'{type}'" : "a body without a Content-Type";
            return media.Groups["kind"].Value == "JSON"
                ? $"{context.Request.Path} does not read {got} (JSON bodies are application/json)."
                : $"{context.Request.Path} does not read {got} (it reads a form: multipart/form-data).";
        }

        if (e.Message.StartsWith("Implicit body", StringComparison.Ordinal))
        {
            return "This endpoint needs a JSON body.";
        }

        if (Parameter().Match(e.Message) is not { Success: true } parameter)
        {
            return JsonErrors.Clean(e.Message, "The request could not be read.");
        }

        var name = parameter.Groups["name"].Value;
        var source = parameter.Groups["source"].Value;
        if (parameter.Groups["value"].Success)
        {
            var type = endpoint?.Metadata.GetMetadata<System.Reflection.MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;
            var value = parameter.Groups["value"].Value;
            value = value.Length > 60 ? value[..60] + "…" : value;
            return $"{name} cannot be '{value}'" + (type is null ? "." : $": it must be {Expected(Nullable.GetUnderlyingType(type) ?? type, context)}.");
        }

        return source switch
        {
            "body" or "" when e.Message.Contains("as form", StringComparison.Ordinal) => "The form in the body could not be read.",
            "body" or "" => "This endpoint needs a JSON body.",
            _ => $"{name} is required (in the {source}).",
        };
    }

    /// <summary>What a query or route value of <paramref name="type"/> takes (an enum's names as they are read there).</summary>
    private static string Expected(Type type, HttpContext context) => type.IsEnum
        ? "one of " + string.Join(", ", Enum.GetNames(type)) + " (in any case)"
        : JsonErrors.Expected(type, JsonOptions(context));

    private static System.Text.Json.JsonSerializerOptions JsonOptions(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    [GeneratedRegex("""^Expected a supported (?<kind>JSON|form) media type but got "(?<type>[^"]*)""")]
    private static partial Regex MediaType();

    /// <summary>The framework's binding failures: <c>parameter "T name"</c>, then the value or the source.</summary>
    [GeneratedRegex("""parameter "(?<type>[^"]*) (?<name>[^" ]+)"(?: from "(?<value>.*)"\.$| was not provided from (?<source>[^.]*)\.| from the request (?<source>body))?""")]
    private static partial Regex Parameter();

    /// <summary>A Retry-After header's value: whole seconds, at least 1.</summary>
    internal static string RetryAfterSeconds(TimeSpan after) =>
        Math.Max(1, (long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception e, string path);

    /// <summary>The logger category for request errors.</summary>
    internal sealed class Startup;
}
