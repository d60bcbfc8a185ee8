using System.Security.Claims;
using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Server.Auth;
using Aegis.Server.Matching;
using Aegis.Server.Webhooks;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>Reports, trusted flags, the review queue and decisions, and exposure counts.</summary>
internal static class CasesApi
{
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/reports", (ReportRequest r, HttpContext c, CaseStore cases, ContentStore contents, ContentIndex index, WebhookDelivery hooks, CancellationToken ct) =>
                ReportAsync(r, r.ReporterId is null ? ReportSource.Anonymous : ReportSource.User, c, cases, contents, index, hooks, ct))
            .RequireAuthorization(Roles.Platform).WithTags("Reports").Problems()
            .WithSummary("A report from the platform's report button. A report that may involve a child restricts the item at once (webhook content.restricted) and opens a case at the top of the queue.");
        app.MapPost("/v1/flags", (ReportRequest r, HttpContext c, CaseStore cases, ContentStore contents, ContentIndex index, WebhookDelivery hooks, CancellationToken ct) =>
                ReportAsync(r with { ReporterId = c.User.Identity?.Name }, ReportSource.TrustedFlagger, c, cases, contents, index, hooks, ct))
            .RequireAuthorization(Roles.TrustedFlagger).WithTags("Reports").Problems()
            .WithSummary("The trusted-flagger intake (law enforcement, hotlines): outranks every other report.");
        app.MapPost("/v1/contents/{contentId}/exposure", ExposureAsync)
            .RequireAuthorization(Roles.Platform).WithTags("Reports").Problems()
            .WithSummary("The platform's view and share counts for an item (cases record them at each step).");

        app.MapGet("/v1/stats", async (CaseStore store, CancellationToken ct) => TypedResults.Ok(await store.StatsAsync(ct)))
            .RequireAuthorization(Roles.Reviewer).WithTags("Cases").Problems()
            .WithSummary("Time to restrict and to remove (median, p90, seconds from the first report) by priority, and views counted after the first report and after restriction.");

        var cases = app.MapGroup("/v1/cases").RequireAuthorization(Roles.Reviewer).WithTags("Cases").Problems();
        cases.MapGet("/", ListAsync).WithSummary("The review queue, most urgent first (or every case of a state).");
        cases.MapGet("/{id:long}", GetAsync).WithSummary("One case with its decisions and exposure (each view is written to the audit log as evidence.viewed).");
        cases.MapPost("/{id:long}/claim", ClaimAsync).WithSummary("Take a case (a claim holds 30 minutes).");
        cases.MapPost("/{id:long}/decisions", DecideAsync)
            .WithSummary("Decide: confirm_csam (with NCMEC's classification), confirm_violation, dismiss or escalate. A child-safety dismissal needs two reviewers, the second a senior; a confirmation runs the takedown cascade.");
        app.MapPost("/v1/cases/{id:long}/appeal", async (long id, [FromBody] AppealRequest request, CaseStore store, WebhookDelivery hooks, CancellationToken ct) =>
            {
                var result = await store.AppealAsync(id, request.AccountId ?? "", request.Text, ct);
                hooks.Wake();
                return TypedResults.Ok(result);
            })
            .RequireAuthorization(Roles.Platform).WithTags("Cases").Problems()
            .WithSummary("The uploader appeals a confirmed case (once); a reviewer who did not decide it will decide the appeal.");
        cases.MapPost("/{id:long}/appeal/decision", DecideAppealAsync)
            .WithSummary("Decide an appeal (a reviewer who did not decide the case; overturning child safety takes a senior): overturned restores the item and unbans its hashes.");
        return app;
    }

    private static async Task<Ok<CaseSummary>> DecideAppealAsync(
        long id, [FromBody] AppealDecisionRequest request, HttpContext context, CaseStore cases, MatcherHost host, WebhookDelivery hooks, CancellationToken cancellationToken)
    {
        var role = context.User.IsInRole(Roles.SeniorReviewer) || context.User.IsInRole(Roles.Admin) ? ReviewerRole.Senior : ReviewerRole.Reviewer;
        var result = await cases.DecideAppealAsync(id, Reviewer(context), role, request.Overturn, request.Reason ?? "", cancellationToken);
        hooks.Wake();
        await host.CatchUpNowAsync(cancellationToken);
        return TypedResults.Ok(result);
    }

    private static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static RouteGroupBuilder Problems(this RouteGroupBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Created<IReadOnlyList<ReportResult>>> ReportAsync(
        ReportRequest request, ReportSource source, HttpContext context, CaseStore cases, ContentStore contents, ContentIndex index,
        WebhookDelivery hooks, CancellationToken cancellationToken)
    {
        var intake = new ReportIntake(
            request.ContentIds ?? [], request.Category, source, request.ReporterIsSubject ?? false, request.SubjectWasMinor, request.ReporterId, request.Text);
        var copies = new Dictionary<string, IReadOnlyCollection<long>>(StringComparer.Ordinal);
        foreach (var id in intake.ContentIds.Distinct(StringComparer.Ordinal))
        {
            if (await contents.FindAsync(id, cancellationToken) is { } item)
            {
                copies[id] = [.. index.FindCopies(item.RowId, item.Record).Select(c => c.RowId)];
            }
        }

        var results = await cases.ReportAsync(intake, context.User.Identity?.Name ?? "unknown", copies, cancellationToken);
        hooks.Wake();
        return TypedResults.Created("/v1/cases", results);
    }

    private static async Task<NoContent> ExposureAsync(string contentId, [FromBody] ExposureRequest request, CaseStore cases, CancellationToken cancellationToken)
    {
        await cases.RecordExposureAsync(contentId, request.Views, request.Shares, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<CaseSummary>>> ListAsync(CaseStore cases, CancellationToken cancellationToken, CaseState? state = null, int limit = 100) =>
        TypedResults.Ok(await cases.ListAsync(state, limit, cancellationToken));

    /// <summary>One case: a view of evidence, so it is audited (who, which case, which item) before it is shown.</summary>
    private static async Task<Results<Ok<CaseSummary>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, CaseStore cases, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await cases.GetAsync(id, cancellationToken) is not { } found)
        {
            return TypedResults.Problem($"There is no case {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var data = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["content_id"] = found.ContentId });
        await audit.AppendAsync(Reviewer(context), "evidence.viewed", $"case:{id}", data, cancellationToken);
        return TypedResults.Ok(found);
    }

    private static async Task<Ok<CaseSummary>> ClaimAsync(long id, HttpContext context, CaseStore cases, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cases.ClaimAsync(id, Reviewer(context), cancellationToken));

    private static async Task<Ok<CaseSummary>> DecideAsync(
        long id, [FromBody] DecisionRequest request, HttpContext context, CaseStore cases, ContentStore contents, ContentIndex index,
        MatcherHost host, WebhookDelivery hooks, CancellationToken cancellationToken)
    {
        var role = context.User.IsInRole(Roles.SeniorReviewer) || context.User.IsInRole(Roles.Admin) ? ReviewerRole.Senior : ReviewerRole.Reviewer;
        var decision = new Decision(Reviewer(context), role, request.Kind, request.Reason ?? "", request.Classification);
        IReadOnlyCollection<(long, int)>? copies = null;
        if (request.Kind is DecisionKind.ConfirmCsam or DecisionKind.ConfirmViolation
            && await cases.GetAsync(id, cancellationToken) is { } found
            && await contents.FindAsync(found.ContentId, cancellationToken) is { } item)
        {
            copies = index.FindCopies(item.RowId, item.Record);
        }

        var result = await cases.DecideAsync(id, decision, copies, cancellationToken);
        hooks.Wake();
        await host.CatchUpNowAsync(cancellationToken); // hashes banked by the cascade block at once on this node
        return TypedResults.Ok(result);
    }

    private static string Reviewer(HttpContext context) => context.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
}
