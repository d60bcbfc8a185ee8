using System.Security.Claims;
using Aegis.Server.Auth;
using Aegis.Server.CyberTip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>A case's CyberTipline report: the draft and its state, and a reviewer's approval to submit it.</summary>
internal static class CyberTipApi
{
    public static IEndpointRouteBuilder MapCyberTipApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/cases/{id:long}/cybertip").RequireAuthorization(Roles.Reviewer).WithTags("CyberTipline").CaseProblems();
        group.MapGet("/", GetAsync)
            .WithSummary("The case's CyberTipline report: its state (drafted, approved, submitting, submitted with NCMEC's report id, failed with the reason and the remedy), its files, and the XML (the draft as it would be sent now, checked against NCMEC's schema; once submitted, the document sent). Audited as cybertip.viewed.");
        group.MapPost("/approve", ApproveAsync)
            .WithSummary("Approve the submission of the report the case is in (a draft, or a failed report to try it again); it is sent to NCMEC at once by a background worker on any node. 404 when the case is in no report (not confirmed, or not reportable); 409 when it is already approved, under way or submitted.");
        return app;
    }

    private static async Task<Results<Ok<CyberTipView>, ProblemHttpResult>> GetAsync(long id, HttpContext context, CyberTipService cybertip, CancellationToken cancellationToken) =>
        await cybertip.ViewAsync(id, Actor(context), cancellationToken) is { } view ? TypedResults.Ok(view) : NotReported(id);

    private static async Task<Results<Ok<CyberTipView>, ProblemHttpResult>> ApproveAsync(long id, HttpContext context, CyberTipService cybertip, CancellationToken cancellationToken) =>
        await cybertip.ApproveAsync(id, Actor(context), cancellationToken) is { } view ? TypedResults.Ok(view) : NotReported(id);

    private static ProblemHttpResult NotReported(long id) =>
        TypedResults.Problem($"Case {id} is in no CyberTipline report: there is no such case, or it is not confirmed, or it is not reportable (a confirmation of CSAM, of a child-safety violation, or a gate block on known material).", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static string Actor(HttpContext context) => context.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
}
