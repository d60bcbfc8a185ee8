using System.Security.Claims;
using Aegis.Core.Cases;
using Aegis.Server.Auth;
using Aegis.Server.Cases;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>The review queue, claims, decisions, appeals and the statistics.</summary>
internal static class CasesApi
{
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/stats", async (CaseStore store, CancellationToken ct) => TypedResults.Ok(await store.StatsAsync(ct)))
            .RequireAuthorization(Roles.Reviewer).WithTags("Cases").CaseProblems()
            .WithSummary("Time to restrict and to remove (median, p90, seconds from the first report) by priority, and views counted after the first report and after restriction.");

        var cases = app.MapGroup("/v1/cases").RequireAuthorization(Roles.Reviewer).WithTags("Cases").CaseProblems();
        cases.MapGet("/", ListAsync).WithSummary("The review queue, most urgent first (or every case of a state).");
        cases.MapGet("/{id:long}", GetAsync).WithSummary("One case with its decisions and exposure (each view is written to the audit log as evidence.viewed).");
        cases.MapGet("/{id:long}/dossier", DossierAsync)
            .WithSummary("Everything that bears on the case's decision, for the case page: the case and where it stands in one sentence (`standing`), every report (who, the person-shown and minor claims), every bank match (with the video frame for the gate's), the reshare tree with counts, copies, exposure at each step and the alerts after restriction, the uploader's other items and cases and any suspension, the timeline from the audit log, the CyberTipline report's state and the evidence files (metadata only). Lists are capped and give their total. Audited as evidence.viewed.");
        cases.MapPost("/{id:long}/claim", (long id, HttpContext c, CaseService s, CancellationToken ct) => OkAsync(s.ClaimAsync(id, Reviewer(c), ct)))
            .WithSummary("Take a case (a claim holds Cases:ClaimMinutes, 30 by default; nobody else may claim or decide it meanwhile). The case's `awaiting` says who may act next.");
        cases.MapPost("/{id:long}/release", (long id, HttpContext c, CaseService s, CancellationToken ct) => OkAsync(s.ReleaseAsync(id, Reviewer(c), ct)))
            .WithSummary("Give a claimed case back to the queue (audited as case.released). A decision the rules refuse (a dismissal that needs a senior) gives the claim back by itself.");
        cases.MapGet("/{id:long}/items", ItemsAsync)
            .WithSummary("The items tied to a case, in the order they were linked: reshares and copies restricted with it, copies held for review, uploads by the account it suspended; each with its status now. Paged by offset (limit 1-1000, default 100); audited as evidence.viewed.");
        cases.MapPost("/{id:long}/decisions", DecideAsync)
            .WithSummary("Decide: confirm_csam (with NCMEC's classification), confirm_violation, dismiss or escalate. A child-safety dismissal needs two reviewers, the second a senior; a confirmation runs the takedown cascade.");
        app.MapPost("/v1/cases/{id:long}/appeal", (long id, [FromBody] AppealRequest r, CaseService s, CancellationToken ct) => OkAsync(s.AppealAsync(id, r.AccountId ?? "", r.Text, ct)))
            .RequireAuthorization(Roles.Platform).WithTags("Cases").CaseProblems()
            .WithSummary("The uploader appeals a confirmed case (once); a reviewer who did not decide it will decide the appeal.");
        cases.MapPost("/{id:long}/appeal/decision", (long id, [FromBody] AppealDecisionRequest r, HttpContext c, CaseService s, CancellationToken ct) =>
                OkAsync(s.DecideAppealAsync(id, Reviewer(c), Role(c), r.Overturn, r.Reason ?? "", ct)))
            .WithSummary("Decide an appeal (a reviewer who did not decide the case; overturning child safety takes a senior): overturned restores the item and unbans its hashes.");
        return app;
    }

    private static async Task<Ok<CaseSummary>> OkAsync(Task<CaseSummary> result) => TypedResults.Ok(await result);

    private static async Task<Ok<IReadOnlyList<CaseSummary>>> ListAsync(CaseStore cases, CancellationToken cancellationToken, CaseState? state = null, int limit = 100) =>
        TypedResults.Ok(await cases.ListAsync(state, limit, cancellationToken));

    /// <summary>One case: a view of evidence, so it is audited (who, which case, which item) before it is shown.</summary>
    private static async Task<Results<Ok<CaseSummary>, ProblemHttpResult>> GetAsync(long id, HttpContext context, CaseService cases, CancellationToken cancellationToken) =>
        await cases.ViewAsync(id, Reviewer(context), cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem($"There is no case {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>A case's dossier: a view of evidence, audited before it is shown, as <see cref="GetAsync"/>.</summary>
    private static async Task<Results<Ok<CaseDossier>, ProblemHttpResult>> DossierAsync(long id, HttpContext context, CaseService cases, CancellationToken cancellationToken) =>
        await cases.DossierAsync(id, Reviewer(context), cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem($"There is no case {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<Ok<CaseItemsPage>> ItemsAsync(
        long id, HttpContext context, CaseService cases, CancellationToken cancellationToken, int offset = 0, int limit = 100)
    {
        var (items, total) = await cases.ViewItemsAsync(id, Reviewer(context), offset, limit, cancellationToken);
        return TypedResults.Ok(new CaseItemsPage(id, total, Math.Max(0, offset), items));
    }

    private static Task<Ok<CaseSummary>> DecideAsync(long id, [FromBody] DecisionRequest request, HttpContext context, CaseService cases, CancellationToken cancellationToken) =>
        OkAsync(cases.DecideAsync(id, new Decision(Reviewer(context), Role(context), request.Kind, request.Reason ?? "", request.Classification), cancellationToken));

    private static ReviewerRole Role(HttpContext context) =>
        context.User.IsInRole(Roles.SeniorReviewer) || context.User.IsInRole(Roles.Admin) ? ReviewerRole.Senior : ReviewerRole.Reviewer;

    private static string Reviewer(HttpContext context) => context.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
}
