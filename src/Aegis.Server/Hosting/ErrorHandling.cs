using System.Globalization;
using System.Text.Json;
using Aegis.Hashing.Memory;
using Aegis.Server.Gate;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        catch (Exception e) when (!context.Response.HasStarted && Map(e) is { } problem)
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

    private static (int Status, string Title, string Detail)? Map(Exception e) => e switch
    {
        GateException g => (g.Status, g.Title, g.Message),
        DecodeBudgetException { TooLarge: true } d => (StatusCodes.Status413PayloadTooLarge, "Too large to decode", $"{d.Message} (Decode:BudgetBytes)"),
        DecodeBudgetException d => (StatusCodes.Status503ServiceUnavailable, "Busy decoding", d.Message),
        BankStoreException { Error: BankStoreError.NotFound } s => (StatusCodes.Status404NotFound, "Not found", s.Message),
        BankStoreException { Error: BankStoreError.AlreadyExists or BankStoreError.Conflict } s => (StatusCodes.Status409Conflict, "Conflict", s.Message),
        BankStoreException s => (StatusCodes.Status400BadRequest, "Invalid request", s.Message),
        BadHttpRequestException b => (b.StatusCode, b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Too large" : "Bad request", Detail(b)),
        JsonException j => (StatusCodes.Status400BadRequest, "Bad JSON", j.Message),
        _ => null,
    };

    private static (string Title, string Detail) Bodiless(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => ("Not found", $"There is nothing at {context.Request.Path} (the API is in docs/api.md)."),
        StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{context.Request.Method} is not allowed on {context.Request.Path}."),
        StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", $"{context.Request.Path} does not read '{context.Request.ContentType}' (JSON bodies are application/json)."),
        var status => (ReasonPhrases.GetReasonPhrase(status), $"The request was refused ({status})."),
    };

    /// <summary>A Retry-After header's value: whole seconds, at least 1.</summary>
    internal static string RetryAfterSeconds(TimeSpan after) =>
        Math.Max(1, (long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Detail(BadHttpRequestException e) => e.InnerException is JsonException json
        ? $"{e.Message} {json.Message}"
        : e.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "The request body is larger than this server accepts (MaxRequestBytes)."
            : e.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception e, string path);

    /// <summary>The logger category for request errors.</summary>
    internal sealed class Startup;
}
