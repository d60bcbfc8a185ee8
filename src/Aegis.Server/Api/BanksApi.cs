using System.Text;
using Aegis.Core.Input;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Server.Auth;
using Aegis.Server.Gate;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>Bank curation: banks, single entries, streamed imports with pollable progress, streamed exports.</summary>
internal static class BanksApi
{
    public static IEndpointRouteBuilder MapBanksApi(this IEndpointRouteBuilder app)
    {
        var banks = app.MapGroup("/v1/banks").RequireAuthorization(Roles.Curator).WithTags("Banks")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddEndpointFilter(RouteIds.Problem);
        banks.MapGet("/", ListAsync).WithSummary("Every bank with its entry counts.");
        banks.MapPost("/", CreateAsync).WithSummary("Create a bank.");
        banks.MapGet("/{name}", GetAsync).WithSummary("One bank.");
        banks.MapPatch("/{name}", UpdateAsync).WithSummary("Change a bank's settings (threshold, action, kind, enabled, description, video rules).");
        banks.MapDelete("/{name}", DeleteAsync)
            .WithSummary("Delete a bank: it is gone (not listed, never matched, on every node within a second; its name free for a new bank), and its rows are kept for the record. Audited.");
        banks.MapPost("/{name}/entries", AddEntryAsync).WithSummary("Add one hash; it matches on this node before the reply and on every node within a second.");
        banks.MapPatch("/{name}/entries/{id:long}", UpdateEntryAsync).WithSummary("Enable or disable one entry.");
        banks.MapGet("/{name}/export", ExportAsync).WithSummary("Every entry as a hash list (format: jsonlines, csv or threatexchange), streamed.");
        banks.MapPost("/{name}/imports", ImportAsync)
            .WithSummary("Import a hash list streamed as the body (format and type as query parameters). The job shows at GET /v1/imports while it runs; the reply comes when every batch is committed.");
        var imports = app.MapGroup("/v1/imports").RequireAuthorization(Roles.Curator).WithTags("Banks").AddEndpointFilter(RouteIds.Problem);
        imports.MapGet("/", (ImportJobs jobs) => TypedResults.Ok(jobs.All())).WithSummary("Imports running on this node and the last ones finished.");
        imports.MapGet("/{id}", GetImport).WithSummary("One import's progress or outcome.");
        return app;
    }

    private static async Task<Ok<List<BankView>>> ListAsync(BankStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListBanksAsync(cancellationToken)).Select(BankView.From).ToList());

    private static async Task<Created<BankView>> CreateAsync([FromBody] CreateBankRequest request, BankStore store, MatcherHost host, CancellationToken cancellationToken)
    {
        var bank = await store.CreateBankAsync(
            request.Name ?? "",
            request.PdqThreshold ?? Bank.DefaultPdqThreshold,
            request.Action ?? BankAction.Block,
            request.Kind ?? BankKind.Ordinary,
            request.Description,
            request.Video?.ToThresholds(),
            cancellationToken);
        await host.CatchUpNowAsync(cancellationToken);
        return TypedResults.Created($"/v1/banks/{bank.Name}", BankView.From(bank, 0, 0));
    }

    private static async Task<Results<Ok<BankView>, ProblemHttpResult>> GetAsync(string name, BankStore store, CancellationToken cancellationToken) =>
        (await store.ListBanksAsync(cancellationToken)).FirstOrDefault(s => s.Bank.Name == name) is { } summary
            ? TypedResults.Ok(BankView.From(summary))
            : TypedResults.Problem($"There is no bank named '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<Ok<BankView>> UpdateAsync(
        string name, [FromBody] UpdateBankRequest request, HttpContext context, BankStore store, MatcherHost host, CancellationToken cancellationToken)
    {
        var bank = await store.UpdateBankAsync(
            name,
            new BankUpdate(request.PdqThreshold, request.Action, request.Kind, request.Enabled, request.Description, request.Video?.ToThresholds()),
            Actor(context),
            cancellationToken);
        await host.CatchUpNowAsync(cancellationToken);
        return TypedResults.Ok(BankView.From(bank));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string name, HttpContext context, BankStore store, MatcherHost host, CancellationToken cancellationToken)
    {
        if (!await store.DeleteBankAsync(name, Actor(context), cancellationToken))
        {
            return TypedResults.Problem($"There is no bank named '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        await host.CatchUpNowAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Created<EntryView>> AddEntryAsync(
        string name, [FromBody] AddEntryRequest request, HttpContext context, BankStore store, MatcherHost host, CancellationToken cancellationToken)
    {
        var record = new HashListRecord(request.SignalType, request.Value ?? "", request.ExternalId, request.Category, request.List, null, null);
        var entry = await store.AddEntryAsync(name, record, context.User.Identity?.Name, cancellationToken);
        await host.CatchUpNowAsync(cancellationToken);
        return TypedResults.Created($"/v1/banks/{name}/entries/{entry.Id}", EntryView.From(entry));
    }

    private static async Task<Ok<EntryView>> UpdateEntryAsync(
        string name, long id, [FromBody] UpdateEntryRequest request, HttpContext context, BankStore store, MatcherHost host, CancellationToken cancellationToken)
    {
        if (await store.GetEntryAsync(id, cancellationToken) is { } found && found.Bank != name)
        {
            throw new BankStoreException(BankStoreError.NotFound, $"Entry {id} is not in bank '{name}' (it is in '{found.Bank}').");
        }

        var entry = await store.SetEntryEnabledAsync(id, request.Enabled, Actor(context), cancellationToken);
        await host.CatchUpNowAsync(cancellationToken);
        return TypedResults.Ok(EntryView.From(entry));
    }

    private static async Task ExportAsync(string name, HttpContext context, BankStore store, CancellationToken cancellationToken, string format = "jsonlines")
    {
        var listFormat = ParseFormat(format) ?? HashListFormat.JsonLines;
        if (await store.GetBankAsync(name, cancellationToken) is null)
        {
            throw new BankStoreException(BankStoreError.NotFound, $"There is no bank named '{name}'.");
        }

        context.Response.ContentType = listFormat == HashListFormat.Csv ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
        context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 1 << 16);
        var records = store.ReadEntriesAsync(name, enabledOnly: false, cancellationToken).ToBlockingEnumerable(cancellationToken)
            .Select(e => new HashListRecord(e.Type, e.Value, e.Source.ExternalId, e.Source.Category, e.Source.List, e.Source.AddedAt, e.Source.AddedBy, e.Enabled));
        await Task.Run(() => HashListWriter.Write(writer, listFormat, records), cancellationToken);
    }

    private static async Task<Ok<ImportJob>> ImportAsync(
        string name, HttpContext context, BankStore store, ImportJobs jobs, CancellationToken cancellationToken,
        string? format = null, SignalType? type = null, string? list = null)
    {
        var listFormat = ParseFormat(format);
        list = string.IsNullOrEmpty(list) ? null : list;
        if (Identifier.ValidateOptional("list", list) is { } invalid)
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Bad list", invalid);
        }

        if (await store.GetBankAsync(name, cancellationToken) is null)
        {
            throw new BankStoreException(BankStoreError.NotFound, $"There is no bank named '{name}'.");
        }

        // The store reads the records synchronously (batches of prepared inserts or binary COPY) on a worker thread.
        context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        using var text = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        using var reader = HashListReader.Create(text, listFormat, fileName: null, defaultType: type);
        var job = jobs.Start(name, reader.Format.ToString().ToLowerInvariant());
        return TypedResults.Ok(await jobs.RunAsync(job, reader, list, Actor(context), cancellationToken));
    }

    private static Results<Ok<ImportJob>, ProblemHttpResult> GetImport(string id, ImportJobs jobs) => jobs.Find(id) is { } job
        ? TypedResults.Ok(job)
        : TypedResults.Problem($"No import '{id}' on this node.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>Who the audit log says made a change: the API key's name.</summary>
    private static string Actor(HttpContext context) => context.User.Identity?.Name ?? "unknown";

    private static HashListFormat? ParseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" => null,
        "jsonlines" or "jsonl" => HashListFormat.JsonLines,
        "csv" => HashListFormat.Csv,
        "threatexchange" or "txt" => HashListFormat.ThreatExchange,
        _ => throw new GateException(StatusCodes.Status400BadRequest, "Bad format", $"format is jsonlines, csv or threatexchange; got '{format}'."),
    };
}
