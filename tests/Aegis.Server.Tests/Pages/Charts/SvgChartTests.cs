using System.Globalization;
using System.Xml.Linq;
using Aegis.Server.Pages.Charts;

namespace Aegis.Server.Tests.Pages.Charts;

public sealed class SvgChartTests
{
    /// <summary>Coordinates are written to 2 decimals, so a length may be off by up to 0.005 at each end.</summary>
    private const double Rounding = 0.011;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static ChartData Data(ChartUnit unit, string[] categories, params ChartSeries[] series) =>
        new("test-chart", "Cases", "Cases per day.", "Day (UTC)", "Cases", unit, categories, series);

    [Fact]
    public void Bars_are_an_accessible_svg_with_heights_proportional_to_the_values()
    {
        var chart = SvgChart.Bars(Data(ChartUnit.Count, ["d1", "d2", "d3", "d4"], new ChartSeries("Opened", [10, 25, 5, 0])));

        var svg = Parse(chart.Svg);
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("0 0 720 400", (string?)svg.Attribute("viewBox"));
        Assert.Null(svg.Attribute("width")); // sized by its container through the viewBox
        var labelledBy = ((string)svg.Attribute("aria-labelledby")!).Split(' ');
        Assert.Equal("Cases", ById(svg, labelledBy[0]).Value);
        Assert.Equal(Svg + "title", ById(svg, labelledBy[0]).Name);
        Assert.Equal(Svg + "desc", ById(svg, labelledBy[1]).Name);
        Assert.StartsWith("Cases per day. Bars of Opened over 4 periods, d1 to d4; the largest total is 25, in d2.", ById(svg, labelledBy[1]).Value, StringComparison.Ordinal);

        // A bar for each value above 0, all standing on one baseline, each as tall as its value says.
        var bars = Bars(svg);
        Assert.Equal(["d1", "d2", "d3"], bars.Select(b => b.Category));
        Assert.All(bars, b => Assert.Equal(bars[0].Y + bars[0].Height, b.Y + b.Height, Rounding));
        var perCase = bars[0].Height / 10;
        Assert.All(bars, b => Assert.Equal(b.Value * perCase, b.Height, Rounding * 3));
        Assert.Equal(2.5, bars[1].Height / bars[0].Height, 3);
    }

    [Fact]
    public void Stacked_bars_put_each_series_on_the_one_before_and_the_axis_holds_the_total()
    {
        var chart = SvgChart.Bars(Data(ChartUnit.Count, ["d1", "d2"], new ChartSeries("Critical", [2, 1]), new ChartSeries("Normal", [6, null])));

        var svg = Parse(chart.Svg);
        var bars = Bars(svg);
        var (critical, normal) = (bars.Single(b => b is { Series: "Critical", Category: "d1" }), bars.Single(b => b is { Series: "Normal", Category: "d1" }));
        Assert.Equal(critical.Y, normal.Y + normal.Height, Rounding);
        Assert.Equal(3, normal.Height / critical.Height, 3);
        Assert.Equal(3, bars.Count);

        // The axis goes past the highest total (8) to a round tick, every tick labelled.
        var ticks = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "y-tick").Select(t => t.Value).ToList();
        Assert.Equal(["0", "2", "4", "6", "8"], ticks);

        // The two series differ by pattern, not by colour alone.
        var fills = bars.Select(b => b.Fill).Distinct().ToList();
        Assert.Equal(2, fills.Count);
        var patterns = fills.Select(f => svg.Descendants(Svg + "pattern").Single(p => $"url(#{(string)p.Attribute("id")!})" == f)).ToList();
        Assert.NotEqual(patterns[0].Elements().Count(), patterns[1].Elements().Count());
    }

    [Fact]
    public void Lines_break_at_a_missing_value_and_each_series_has_its_own_dash_and_marker()
    {
        var chart = SvgChart.Line(Data(ChartUnit.Seconds, ["h1", "h2", "h3", "h4"], new ChartSeries("Median", [60, null, 180, 240]), new ChartSeries("90th percentile", [120, 300, 600, 600])));

        var svg = Parse(chart.Svg);
        var lines = svg.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "line").ToList();
        Assert.Equal(2, ((string)lines[0].Attribute("d")!).Count(c => c == 'M'));
        Assert.Equal(1, ((string)lines[1].Attribute("d")!).Count(c => c == 'M'));
        Assert.NotEqual((string?)lines[0].Attribute("stroke-dasharray"), (string?)lines[1].Attribute("stroke-dasharray"));
        var points = svg.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "point").ToList();
        Assert.Equal(7, points.Count);
        Assert.Equal(2, points.Select(p => (string)p.Attribute("d")!).Distinct().Count());

        // Values up to 10 minutes are shown in minutes, on the ticks and the axis's name.
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Cases (min)");
        Assert.All(svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "y-tick"), t => Assert.EndsWith(" min", t.Value, StringComparison.Ordinal));
        Assert.Contains(svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend").Descendants(Svg + "text"), t => t.Value == "90th percentile");
    }

    [Theory]
    [InlineData(90, "s")]
    [InlineData(1800, "min")]
    [InlineData(201_600, "h")]
    public void Durations_are_shown_in_seconds_minutes_or_hours_by_their_size(double seconds, string unit)
    {
        var axis = ChartScale.Axis(seconds, ChartUnit.Seconds);

        Assert.Equal(unit, axis.Unit);
        Assert.True(axis.Max >= seconds);
        Assert.InRange(axis.Ticks.Count(), 3, 11);
        Assert.EndsWith(" " + unit, axis.Label(axis.Max), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_holds_the_same_numbers_with_their_units()
    {
        var chart = SvgChart.Line(Data(ChartUnit.Seconds, ["h1", "h2"], new ChartSeries("Median", [45, null]), new ChartSeries("90th percentile", [201_600, 1800])));

        Assert.Equal("Cases", chart.Table.Caption);
        Assert.Equal(["Day (UTC)", "Median", "90th percentile"], chart.Table.Columns);
        Assert.Equal(["h1", "h2"], chart.Table.Rows.Select(r => r.Header));
        Assert.Equal(["45 s", "56 h"], chart.Table.Rows[0].Cells);
        Assert.Equal([ChartTable.NoValue, "30 min"], chart.Table.Rows[1].Cells);
        Assert.Equal([null, 1800.0], chart.Table.Rows[1].Values);
        var counts = SvgChart.Bars(Data(ChartUnit.Count, ["d1"], new ChartSeries("Views", [1_234_567])));
        Assert.Equal("1,234,567", counts.Table.Rows[0].Cells[0]);
    }

    [Fact]
    public void Text_is_escaped_and_nothing_can_script()
    {
        const string hostile = "<script>alert(1)</script> & \"quoted\" 'single' ]]>";
        var chart = SvgChart.Bars(new ChartData(
            "x\" onload=\"alert(1)", hostile, hostile, hostile, hostile, ChartUnit.Count, [hostile, "bell\u0007"], [new ChartSeries(hostile + "\u0001", [1, 2])]));

        var svg = Parse(chart.Svg);
        Assert.DoesNotContain(svg.DescendantsAndSelf(), e => e.Name.LocalName is "script" or "foreignObject");
        Assert.DoesNotContain(svg.DescendantsAndSelf().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(svg.DescendantsAndSelf().Attributes(), a => a.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(hostile, svg.Element(Svg + "title")!.Value);
        Assert.Equal(hostile, Bars(svg)[0].Series); // the control character dropped: XML cannot hold it
        Assert.Equal("bell", Bars(svg)[1].Category);
        Assert.All(svg.DescendantsAndSelf().Attributes().Where(a => a.Name.LocalName == "id"), a => Assert.Matches("^[A-Za-z][A-Za-z0-9_-]*$", a.Value));
        Assert.Equal(hostile, chart.Table.Caption); // the page's own encoder escapes the table
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void A_chart_without_data_says_so(bool bars, bool noCategories)
    {
        var data = noCategories
            ? Data(ChartUnit.Count, [], new ChartSeries("Opened", []))
            : Data(ChartUnit.Seconds, ["d1", "d2"], new ChartSeries("Median", [null, null]), new ChartSeries("90th percentile", [null, double.NaN]));

        var chart = bars ? SvgChart.Bars(data) : SvgChart.Line(data);

        var svg = Parse(chart.Svg);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == SvgChart.NoData);
        Assert.EndsWith(SvgChart.NoData + ".", svg.Element(Svg + "desc")!.Value, StringComparison.Ordinal);
        Assert.Empty(Bars(svg));
        Assert.Empty(chart.Table.Rows);
    }

    [Fact]
    public void Hundreds_of_buckets_keep_the_axis_labels_apart()
    {
        var days = Enumerable.Range(0, 400).Select(i => new DateTime(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();

        var svg = Parse(SvgChart.Bars(Data(ChartUnit.Count, days, new ChartSeries("Opened", [.. days.Select((_, i) => (double?)(i % 7))]))).Svg);

        var labels = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "x-tick").Select(t => double.Parse((string)t.Attribute("x")!, CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(labels.Count, 2, 12);
        Assert.All(labels.Zip(labels.Skip(1)), pair => Assert.True(pair.Second - pair.First > 10 * 6.6, "labels overlap"));
        Assert.Equal(400 - (400 / 7) - 1, Bars(svg).Count); // every day but the zeros
    }

    private static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    private static XElement ById(XElement svg, string id) => svg.DescendantsAndSelf().Single(e => (string?)e.Attribute("id") == id);

    private static List<Bar> Bars(XElement svg) => [.. svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").Select(r => new Bar(
        (string)r.Attribute("data-series")!, (string)r.Attribute("data-category")!, Number(r, "data-value"),
        Number(r, "y"), Number(r, "height"), (string)r.Attribute("fill")!))];

    private static double Number(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private sealed record Bar(string Series, string Category, double Value, double Y, double Height, string Fill);
}
