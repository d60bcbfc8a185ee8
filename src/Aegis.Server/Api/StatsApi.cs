using System.Globalization;
using Aegis.Core.Stats;
using Aegis.Server.Auth;
using Aegis.Server.Gate;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>The console's statistics over a period, by hour or day (the stats page draws its charts from them).</summary>
internal static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/stats/console", ConsoleAsync)
            .RequireAuthorization(Roles.Oversight).WithTags("Cases").CaseProblems()
            .WithSummary("The console's statistics by bucket (bucket=day, the default, or hour; UTC): time to restrict and to remove (median and p90, seconds from the first report), cases opened and the open queue by priority, views and shares gained between the first report and restriction or removal (sum and max), and SLA breaches by priority. from and to are ISO 8601 times (default: the last 30 days, or 48 hours by hour), rounded out to whole buckets; at most 400 buckets. Senior reviewers, curators and admins.");
        return app;
    }

    private static async Task<Ok<ConsoleStats>> ConsoleAsync(
        CaseStore cases, TimeProvider time, CancellationToken cancellationToken, string? from = null, string? to = null, string? bucket = null)
    {
        var size = Bucket(bucket);
        var end = Time("to", to) ?? time.GetUtcNow();
        var span = StatsPeriod.DefaultSpan(size);

        // The default start, where there is room for it (an end before the earliest start is refused by the period's rules).
        var start = Time("from", from) ?? (end - StatsPeriod.Earliest > span ? end - span : StatsPeriod.Earliest);
        return TypedResults.Ok(await cases.ConsoleStatsAsync(start, end, size, cancellationToken));
    }

    private static StatsBucket Bucket(string? value) => value switch
    {
        null or "" => StatsBucket.Day,
        _ when value.Equals("day", StringComparison.OrdinalIgnoreCase) => StatsBucket.Day,
        _ when value.Equals("hour", StringComparison.OrdinalIgnoreCase) => StatsBucket.Hour,
        _ => throw new GateException(StatusCodes.Status400BadRequest, "Bad bucket", $"bucket is day or hour; got '{Shorten(value)}'."),
    };

    private static DateTimeOffset? Time(string field, string? value) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
        : throw new GateException(StatusCodes.Status400BadRequest, $"Bad {field}", $"{field} must be an ISO 8601 time such as 2026-11-01 or 2026-11-01T10:00:00Z; got '{Shorten(value)}'."
            + (value.Contains(' ', StringComparison.Ordinal) ? " (A '+' in a query is read as a space: send it as %2B.)" : ""));

    private static string Shorten(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
