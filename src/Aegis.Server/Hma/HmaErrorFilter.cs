using System.Globalization;
using System.Text.Json;
using Aegis.Hashing.Memory;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// Answers every refusal on the HMA routes as HMA's <c>api_error_handler</c> does, <c>{"message": …}</c> with the
/// status, instead of the native API's RFC 9457 problems. Anything unexpected still reaches the server's error handling.
/// </summary>
internal sealed class HmaErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (Map(e, context.HttpContext) is { } error && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            if (e is HmaException { RetryAfterSeconds: { } seconds })
            {
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            if (e is DecodeBudgetException { RetryAfter: { } retryAfter })
            {
                context.HttpContext.Response.Headers.RetryAfter = ErrorHandling.RetryAfterSeconds(retryAfter);
            }

            return e is HmaException { Body: { } body } ? HmaJson.Json(body, error.Status) : HmaJson.Message(error.Status, error.Message);
        }
    }

    private static (int Status, string Message)? Map(Exception e, HttpContext context) => e switch
    {
        HmaException h => (h.Status, h.Message),
        DecodeBudgetException d => (d.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status503ServiceUnavailable, d.Message),
        BankStoreException { Error: BankStoreError.NotFound } s => (StatusCodes.Status404NotFound, s.Message),
        BankStoreException { Error: BankStoreError.AlreadyExists } s => (StatusCodes.Status403Forbidden, s.Message),
        BankStoreException { Error: BankStoreError.Conflict } s => (StatusCodes.Status409Conflict, s.Message),
        BankStoreException s => (StatusCodes.Status400BadRequest, s.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Content too large"),
        BadHttpRequestException b => (b.StatusCode, ErrorHandling.Describe(b, context)),
        InvalidDataException d => (StatusCodes.Status400BadRequest, "Invalid multipart/form-data body: " + d.Message),
        JsonException j => (StatusCodes.Status400BadRequest, HmaJson.Describe(j, "The request body")),
        _ => null,
    };
}
