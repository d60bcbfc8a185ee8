using System.Globalization;
using Aegis.Core.Reports;
using Aegis.Core.Stats;
using Aegis.Storage;

namespace Aegis.Server.Pages.Charts;

/// <summary>The stats page's charts, drawn from <see cref="ConsoleStats"/>, each with its table.</summary>
internal static class ConsoleStatsCharts
{
    /// <summary>Time to restrict, time to remove, the open queue, cases opened, exposure after report, SLA breaches.</summary>
    public static IReadOnlyList<RenderedChart> Draw(ConsoleStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var categories = stats.Buckets.Select(b => Category(b.Start, stats.Bucket)).ToList();
        var axis = stats.Bucket == StatsBucket.Hour ? "Hour (UTC)" : "Day (UTC)";
        ChartSeries Series(string name, Func<ConsoleStatsBucket, double?> value) => new(name, [.. stats.Buckets.Select(value)]);
        ChartSeries[] Levels(Func<ConsoleStatsBucket, IReadOnlyList<LevelCount>?> counts) =>
            [.. Enum.GetValues<PriorityLevel>().Reverse().Select(l => Series(Name(l), b => counts(b)?.FirstOrDefault(c => c.Level == l)?.Count))];
        double? Exposure(ConsoleStatsBucket b, long value) => b.ExposureAfterReport.Cases > 0 ? value : null;

        return
        [
            SvgChart.Line(new ChartData(
                "time-to-restrict", "Time to restrict", "From the first report to restriction, over the cases restricted in each period.",
                axis, "Time", ChartUnit.Seconds, categories,
                [Series("Median", b => b.SecondsToRestrict?.Median), Series("90th percentile", b => b.SecondsToRestrict?.P90)])),
            SvgChart.Line(new ChartData(
                "time-to-remove", "Time to remove", "From the first report to removal, over the cases removed in each period.",
                axis, "Time", ChartUnit.Seconds, categories,
                [Series("Median", b => b.SecondsToRemove?.Median), Series("90th percentile", b => b.SecondsToRemove?.P90)])),
            SvgChart.Bars(new ChartData(
                "open-queue", "Open queue by priority", "Cases open or awaiting a second review at the end of each period (now, for the period under way), by priority, most urgent at the bottom.",
                axis, "Cases", ChartUnit.Count, categories, Levels(b => b.OpenAtEnd))),
            SvgChart.Bars(new ChartData(
                "cases-opened", "Cases opened by priority", "Cases opened in each period, by priority, most urgent at the bottom.",
                axis, "Cases", ChartUnit.Count, categories, Levels(b => b.Opened))),
            SvgChart.Line(new ChartData(
                "exposure-after-report", "Exposure after report", "Views and shares gained between the first report and restriction (or removal), over the cases acted on in each period: the sum, and the most on one item.",
                axis, "Views or shares", ChartUnit.Count, categories,
                [
                    Series("Views, sum", b => Exposure(b, b.ExposureAfterReport.Views)), Series("Views, most on one item", b => Exposure(b, b.ExposureAfterReport.MaxViews)),
                    Series("Shares, sum", b => Exposure(b, b.ExposureAfterReport.Shares)), Series("Shares, most on one item", b => Exposure(b, b.ExposureAfterReport.MaxShares)),
                ])),
            SvgChart.Bars(new ChartData(
                "sla-breaches", "SLA breaches by priority", "Cases whose SLA ran out while they were open, by the period it ran out in and by priority, most urgent at the bottom.",
                axis, "Cases", ChartUnit.Count, categories, Levels(b => b.SlaBreaches))),
        ];
    }

    /// <summary>A bucket's name on the axis and in the table.</summary>
    public static string Category(DateTimeOffset start, StatsBucket bucket) =>
        start.UtcDateTime.ToString(bucket == StatsBucket.Hour ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Name(PriorityLevel level) => level switch
    {
        PriorityLevel.Critical => "Critical",
        PriorityLevel.TrustedFlag => "Trusted flagger",
        PriorityLevel.ChildSafety => "Child safety",
        PriorityLevel.High => "High",
        _ => "Normal",
    };
}
