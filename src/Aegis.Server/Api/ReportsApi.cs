using Aegis.Core.Reports;
using Aegis.Server.Auth;
using Aegis.Server.Cases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>Reports from the platform's report button, and the trusted-flagger intake.</summary>
internal static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/reports", (ReportRequest r, HttpContext c, CaseService cases, CancellationToken ct) =>
                ReportAsync(r, r.ReporterId is null ? ReportSource.Anonymous : ReportSource.User, c, cases, ct))
            .RequireAuthorization(Roles.Platform).WithTags("Reports").CaseProblems()
            .WithSummary("A report from the platform's report button. A report that may involve a child restricts the item at once (webhook content.restricted) and opens a case at the top of the queue.");
        app.MapPost("/v1/flags", (ReportRequest r, HttpContext c, CaseService cases, CancellationToken ct) =>
                ReportAsync(r with { ReporterId = c.User.Identity?.Name }, ReportSource.TrustedFlagger, c, cases, ct))
            .RequireAuthorization(Roles.TrustedFlagger).WithTags("Reports").CaseProblems()
            .WithSummary("The trusted-flagger intake (law enforcement, hotlines): outranks every other report.");
        return app;
    }

    private static async Task<Created<IReadOnlyList<Storage.ReportResult>>> ReportAsync(
        ReportRequest request, ReportSource source, HttpContext context, CaseService cases, CancellationToken cancellationToken)
    {
        var intake = new ReportIntake(
            request.ContentIds ?? [], request.Category, source, request.ReporterIsSubject ?? false, request.SubjectWasMinor, request.ReporterId, request.Text);
        var results = await cases.ReportAsync(intake, context.User.Identity?.Name ?? "unknown", cancellationToken);
        return TypedResults.Created("/v1/cases", results);
    }
}
