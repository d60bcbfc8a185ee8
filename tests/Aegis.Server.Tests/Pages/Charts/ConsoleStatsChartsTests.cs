using System.Xml.Linq;
using Aegis.Core.Reports;
using Aegis.Core.Stats;
using Aegis.Server.Pages.Charts;
using Aegis.Storage;

namespace Aegis.Server.Tests.Pages.Charts;

public sealed class ConsoleStatsChartsTests
{
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Three days: figures on the first, nothing on the second, a queue on the third.</summary>
    internal static ConsoleStats ThreeDays()
    {
        static IReadOnlyList<LevelCount> Levels(params int[] counts) =>
            [.. Enum.GetValues<PriorityLevel>().Reverse().Select((l, i) => new LevelCount(l, i < counts.Length ? counts[i] : 0))];
        return new ConsoleStats(Nov1, Nov1.AddDays(3), StatsBucket.Day, Nov1.AddDays(2).AddHours(11),
        [
            new(Nov1, Nov1.AddDays(1), new Percentile(6, 180, 600), new Percentile(1, 1800, 1800), Levels(1, 0, 7), Levels(1, 0, 6, 0, 1),
                new ExposureGain(6, 1040, 1000, 11, 7), Levels(0, 0, 5)),
            new(Nov1.AddDays(1), Nov1.AddDays(2), null, null, Levels(), Levels(1, 0, 6), ExposureGain.None, Levels()),
            new(Nov1.AddDays(2), Nov1.AddDays(3), new Percentile(1, 0, 0), new Percentile(1, 201_600, 201_600), Levels(0, 0, 1, 1, 1), Levels(1, 0, 6, 1, 1),
                new ExposureGain(1, 0, 0, 0, 0), Levels(0, 0, 1)),
        ]);
    }

    [Fact]
    public void The_stats_page_gets_six_charts_whose_ids_do_not_clash_on_one_page()
    {
        var charts = ConsoleStatsCharts.Draw(ThreeDays());

        Assert.Equal(
            ["Time to restrict", "Time to remove", "Open queue by priority", "Cases opened by priority", "Exposure after report", "SLA breaches by priority"],
            charts.Select(c => c.Table.Caption));
        var ids = charts.SelectMany(c => XDocument.Parse(c.Svg).Root!.DescendantsAndSelf().Attributes("id")).Select(a => a.Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(charts, c => Assert.Equal(["2026-11-01", "2026-11-02", "2026-11-03"], c.Table.Rows.Select(r => r.Header)));
    }

    [Fact]
    public void Each_chart_carries_the_stats_numbers()
    {
        var charts = ConsoleStatsCharts.Draw(ThreeDays());

        // Time to restrict: the median and the 90th percentile, none on a day without restrictions.
        Assert.Equal(["3 min", "10 min"], charts[0].Table.Rows[0].Cells);
        Assert.Equal([ChartTable.NoValue, ChartTable.NoValue], charts[0].Table.Rows[1].Cells);
        Assert.Equal(["56 h", "56 h"], charts[1].Table.Rows[2].Cells);

        // The open queue by level, most urgent first.
        Assert.Equal(["Critical", "Trusted flagger", "Child safety", "High", "Normal"], charts[2].Table.Columns.Skip(1));
        Assert.Equal(["1", "0", "6", "0", "1"], charts[2].Table.Rows[0].Cells);

        // Exposure: a day on which no case was acted on has no figure, not a zero.
        Assert.Equal(["1,040", "1,000", "11", "7"], charts[4].Table.Rows[0].Cells);
        Assert.Equal([ChartTable.NoValue, ChartTable.NoValue, ChartTable.NoValue, ChartTable.NoValue], charts[4].Table.Rows[1].Cells);
        Assert.Equal(["0", "0", "5", "0", "0"], charts[5].Table.Rows[0].Cells);
    }
}
