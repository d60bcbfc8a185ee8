using System.Globalization;
using Aegis.Core.Stats;
using Aegis.Server.Pages.Charts;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// The stats page (senior reviewers, curators, admins): time to restrict and to remove, the queue by priority, exposure
/// after report and SLA breaches, as SVG charts drawn on the server, each with its numbers as a table. The period is
/// chosen by whole UTC days (<c>from</c>, <c>to</c>, both included) and a bucket of a day or an hour; by default the
/// last 30 days by day. A period that cannot be answered is said next to its field, with a 400, and nothing drawn.
/// </summary>
[Authorize(Policy = ConsoleAuth.Oversight)]
internal sealed class StatsModel(CaseStore cases, TimeProvider time) : PageModel
{
    public ConsoleStats? Stats { get; private set; }

    public IReadOnlyList<RenderedChart> Charts { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    /// <summary>The first day, as shown in the form (yyyy-MM-dd).</summary>
    public string From { get; private set; } = "";

    /// <summary>The last day, included, as shown in the form.</summary>
    public string To { get; private set; } = "";

    public StatsBucket Bucket { get; private set; } = StatsBucket.Day;

    public async Task<IActionResult> OnGetAsync(string? from, string? to, string? bucket, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Bucket = bucket switch
        {
            null or "" or "day" => StatsBucket.Day,
            "hour" => StatsBucket.Hour,
            _ => Refuse("bucket", "The bucket is a day or an hour."),
        };
        var defaultDays = (int)StatsPeriod.DefaultSpan(Bucket).TotalDays;
        var last = Day("to", to) ?? today;
        var first = Day("from", from) ?? last.AddDays(1 - Math.Max(defaultDays, 1));
        (From, To) = (Format(first), Format(last));
        if (!Errors.Any && first > last)
        {
            Errors.Add("from", $"The first day ({From}) is after the last ({To}).");
        }

        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (!Errors.Any && StatsPeriod.Validate(start, end, Bucket) is { } invalid)
        {
            Errors.Add("from", invalid);
        }

        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Stats = await cases.ConsoleStatsAsync(start, end, Bucket, cancellationToken);
        Charts = ConsoleStatsCharts.Draw(Stats);
        return Page();
    }

    private StatsBucket Refuse(string field, string message)
    {
        Errors.Add(field, message);
        return StatsBucket.Day;
    }

    private DateOnly? Day(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day >= DateOnly.FromDateTime(StatsPeriod.Earliest.UtcDateTime) && day < DateOnly.FromDateTime(StatsPeriod.Latest.UtcDateTime))
        {
            return day;
        }

        Errors.Add(field, $"A day is written yyyy-MM-dd, such as 2026-11-01, from 1970 to 8999; got '{ConsoleFormat.Cut(value, 40)}'.");
        return null;
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
