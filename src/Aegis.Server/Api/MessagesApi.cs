using Aegis.Core.Signals;
using Aegis.Server.Auth;
using Aegis.Server.Cases;
using Aegis.Server.Hosting;
using Aegis.Server.Signals;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>
/// The message signals: the platform's private messages in (<c>POST /v1/messages</c>), a case's conversations for its
/// reviewer, and the pattern banks (curated, versioned, imported and exported as JSON lines).
/// </summary>
internal static class MessagesApi
{
    /// <summary>The media type of a pattern bank file.</summary>
    public const string BankMediaType = "application/x-ndjson";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/messages", IntakeAsync)
            .RequireAuthorization(Roles.Platform).WithTags("Signals").CaseProblems().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("A batch of private messages (each conversation's in send order; text, or features instead). Every conversation is read by the detectors under its own lock; only a conversation that raises a signal keeps text. A signal opens (or joins: its ring's, its conversation's) a grooming or sextortion case at a child's priority and the conversation.protect_recipient webhook is sent before this answers.");
        app.MapGet("/v1/cases/{id:long}/conversations", ConversationsAsync)
            .RequireAuthorization(Roles.Reviewer).WithTags("Signals").CaseProblems()
            .WithSummary("The conversations of a signal's case (its own, then its ring's): who, what fired and why, each message the rules matched, and the messages kept. Audited as evidence.viewed.");

        var banks = app.MapGroup("/v1/signals/banks").RequireAuthorization(Roles.Curator).WithTags("Signals").CaseProblems();
        banks.MapGet("/", (SignalStore s, CancellationToken ct) => BanksAsync(s, ct))
            .WithSummary("The pattern banks imported (the starter banks, when on, are used beside them; one imported under a starter bank's name replaces it).");
        banks.MapGet("/{name}", ExportAsync)
            .WithSummary("A bank in its exchange format: JSON lines, a header then one entry a line (docs/signals.md). `starter:aegis-starter-en` exports a starter bank.");
        banks.MapPut("/{name}", ImportAsync)
            .WithSummary("Imports (or replaces) a bank from its JSON lines (the body, application/x-ndjson); its header's name must be the path's. Every node uses it from its next batch. Audited.");
        banks.MapDelete("/{name}", async (string name, HttpContext c, SignalStore s, SignalEngine engine, CancellationToken ct) =>
            {
                if (!await s.DeleteBankAsync(name, c.User.Identity?.Name ?? "unknown", ct))
                {
                    return (IResult)TypedResults.Problem($"There is no pattern bank '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
                }

                engine.Invalidate();
                return TypedResults.NoContent();
            })
            .WithSummary("Deletes an imported bank. Audited.");
        return app;
    }

    private static async Task<Results<Ok<MessageBatchAnswer>, ProblemHttpResult>> IntakeAsync(
        [FromBody] MessageBatchRequest request, ServerOptions options, SignalService signals, CancellationToken cancellationToken)
    {
        if (!options.Signals.Enabled)
        {
            return TypedResults.Problem("The message signals are off (Signals:Enabled).", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        return TypedResults.Ok(await signals.IntakeAsync(request, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<ConversationView>>, ProblemHttpResult>> ConversationsAsync(
        long id, HttpContext context, CaseService cases, SignalStore signals, CancellationToken cancellationToken)
    {
        // The case view is audited (and the reader's queues checked) before anything of the conversations is read.
        if (await cases.ViewAsync(id, context.User.Identity?.Name ?? "unknown", cancellationToken) is null)
        {
            return TypedResults.Problem($"There is no case {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        return TypedResults.Ok(await signals.ConversationsOfCaseAsync(id, 500, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<PatternBankSummary>>> BanksAsync(SignalStore signals, CancellationToken cancellationToken) =>
        TypedResults.Ok(await signals.BanksAsync(cancellationToken));

    private static async Task<IResult> ExportAsync(string name, SignalStore signals, CancellationToken cancellationToken)
    {
        string? body;
        if (name.StartsWith("starter:", StringComparison.Ordinal))
        {
            var starter = name["starter:".Length..];
            body = StarterBanks.Names.Contains(starter, StringComparer.Ordinal) ? PatternBankFormat.Write(StarterBanks.Load(starter)) : null;
        }
        else
        {
            body = await signals.BankBodyAsync(name, cancellationToken);
        }

        return body is null
            ? TypedResults.Problem($"There is no pattern bank '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Text(body, BankMediaType);
    }

    private static async Task<IResult> ImportAsync(string name, HttpContext context, SignalStore signals, SignalEngine engine, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength is > 32 * 1024 * 1024)
        {
            return TypedResults.Problem("A pattern bank is at most 32 MiB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        }

        PatternBank bank;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            bank = PatternBankFormat.Read(await reader.ReadToEndAsync(cancellationToken));
            PatternMatcher.Compile([bank]); // a bank that cannot compile is refused here, not on every node's next batch
        }
        catch (PatternBankFormatException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad pattern bank");
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad pattern bank");
        }

        if (bank.Name != name || bank.Name.Length > 64 || bank.Version.Length > 64 || bank.Language.Length > 16)
        {
            return TypedResults.Problem(
                bank.Name != name ? $"The bank's header names '{bank.Name}', not '{name}'." : "A bank's name and version are at most 64 characters, its language 16.",
                statusCode: StatusCodes.Status400BadRequest, title: "Bad pattern bank");
        }

        var created = await signals.PutBankAsync(bank, context.User.Identity?.Name ?? "unknown", cancellationToken);
        engine.Invalidate();
        var summary = (await signals.BanksAsync(cancellationToken)).Single(b => b.Name == name);
        return created ? TypedResults.Created($"/v1/signals/banks/{Uri.EscapeDataString(name)}", summary) : TypedResults.Ok(summary);
    }
}
