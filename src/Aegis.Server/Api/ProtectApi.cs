using System.Globalization;
using System.Text.Json;
using Aegis.Core.Protect;
using Aegis.Server.Gate;
using Aegis.Server.Hosting;
using Aegis.Server.Protect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Aegis.Server.Api;

/// <summary>
/// The protect page's API (public: no key, no cookie): a person's hashes with their statement, and their receipt. The
/// receipt code travels only in bodies, never in a URL. Rate-limited per address (and per receipt); 404 while
/// <c>Protect:Enabled</c> is off. Answers never say whether anything exists before a statement is made: the one call
/// that finds things is the one that restricts them.
/// </summary>
internal static class ProtectApi
{
    public static IEndpointRouteBuilder MapProtectApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/protect/v1").AllowAnonymous().WithTags("Protect")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/submissions", SubmitAsync).Accepts<ProtectSubmissionRequest>("application/json")
            .Produces<ProtectSubmissionAnswer>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("A person's hashes of their own pictures and videos (computed on their device) with their statement: banked, and every item already up that matches restricted into one case before the answer. The receipt code is shown once.");
        group.MapPost("/receipt", ReceiptAsync).Produces<ProtectReceiptAnswer>()
            .WithSummary("What a receipt's submission found and what was done: counts only.");
        group.MapPost("/receipt/withdraw", WithdrawAsync).Produces<ProtectWithdrawAnswer>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Withdraws a submission: its hashes stop matching, and what it alone held is shown again (a reviewer's decision stands).");
        return app;
    }

    private static async Task<Results<Created<ProtectSubmissionAnswer>, ProblemHttpResult>> SubmitAsync(
        HttpContext context, ServerOptions options, ProtectLimiter limiter, ProtectService protect, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken cancellationToken)
    {
        if (Off(options) is { } off)
        {
            return off;
        }

        if (limiter.Submit(context.Connection.RemoteIpAddress) is { } wait)
        {
            return TooMany(context, wait);
        }

        // A submission is hashes only: its size follows the limits (frames of every video), far below a file's.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = 64 * 1024 + ((long)options.Protect.MaxFiles * (options.Protect.MaxFramesPerVideo + 1) * 160);
        }

        ProtectSubmissionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ProtectSubmissionRequest>(context.Request.Body, json.Value.SerializerOptions, cancellationToken);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad JSON", JsonErrors.Describe(e, typeof(ProtectSubmissionRequest), json.Value.SerializerOptions, "The submission"));
        }

        if (request is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad JSON", "The body is a JSON object with statement and files.");
        }

        try
        {
            var answer = await protect.SubmitAsync(request, cancellationToken);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Created("/protect/receipt", answer);
        }
        catch (GateException e)
        {
            return Problem(e.Status, e.Title, e.Message);
        }
    }

    private static async Task<Results<Ok<ProtectReceiptAnswer>, ProblemHttpResult>> ReceiptAsync(
        ProtectReceiptRequest request, HttpContext context, ServerOptions options, ProtectLimiter limiter, ProtectService protect, CancellationToken cancellationToken)
    {
        if (Checked(request, context, options, limiter) is { } refused)
        {
            return refused;
        }

        context.Response.Headers.CacheControl = "no-store";
        return await protect.ReceiptAsync(ProtectReceipt.Key(request.Receipt)!, cancellationToken) is { } answer ? TypedResults.Ok(answer) : Unknown();
    }

    private static async Task<Results<Ok<ProtectWithdrawAnswer>, ProblemHttpResult>> WithdrawAsync(
        ProtectReceiptRequest request, HttpContext context, ServerOptions options, ProtectLimiter limiter, ProtectService protect, CancellationToken cancellationToken)
    {
        if (Checked(request, context, options, limiter) is { } refused)
        {
            return refused;
        }

        var done = await protect.WithdrawAsync(ProtectReceipt.Key(request.Receipt)!, cancellationToken);
        return done switch
        {
            null => Unknown(),
            { AlreadyWithdrawn: true } => Problem(StatusCodes.Status409Conflict, "Already withdrawn", "This receipt's pictures were already withdrawn."),
            _ => TypedResults.Ok(new ProtectWithdrawAnswer(done.WithdrawnAt, done.Lifted)),
        };
    }

    /// <summary>The checks a receipt call passes: on, within its limits, a code that could be one.</summary>
    private static ProblemHttpResult? Checked(ProtectReceiptRequest request, HttpContext context, ServerOptions options, ProtectLimiter limiter)
    {
        if (Off(options) is { } off)
        {
            return off;
        }

        var key = ProtectReceipt.Key(request.Receipt);
        if (limiter.Check(context.Connection.RemoteIpAddress, key) is { } wait)
        {
            return TooMany(context, wait);
        }

        return key is null ? Unknown() : null;
    }

    private static ProblemHttpResult Unknown() =>
        Problem(StatusCodes.Status404NotFound, "No such receipt", "We could not find that receipt. Check the code: it has 20 letters and numbers.");

    private static ProblemHttpResult? Off(ServerOptions options) =>
        options.Protect.Enabled ? null : Problem(StatusCodes.Status404NotFound, "Not found", "This platform does not offer the protect page.");

    private static ProblemHttpResult TooMany(HttpContext context, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(Math.Max(1, wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, "Too many tries", "Too many tries from here for now. Please try again later; nothing you sent before is lost.");
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
