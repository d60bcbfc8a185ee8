using System.Globalization;
using System.Text;
using System.Xml;

namespace Aegis.Server.Pages.Charts;

/// <summary>
/// Draws charts on the server as SVG: a line chart for series over time, stacked bars for counts by kind. Each SVG is
/// self-contained and accessible: <c>role="img"</c> named by its <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> (which
/// also sums up the numbers), axes with labelled ticks and units, a legend, series told apart by pattern, dash and
/// marker as well as colour, every text escaped (written by an <see cref="XmlWriter"/>), no script, sized only by its
/// viewBox. Each comes with the same numbers as a <see cref="ChartTable"/>. A chart without data says so.
/// </summary>
internal static partial class SvgChart
{
    /// <summary>What an empty chart says.</summary>
    public const string NoData = "No data in this period";

    public const double Width = 720;

    public const double Height = 400;

    private const string Ns = "http://www.w3.org/2000/svg";

    private const double PlotLeft = 84;
    private const double PlotRight = Width - 16;
    private const double PlotBottom = Height - 64;
    private const double LegendTop = 40;
    private const double LegendRow = 20;

    /// <summary>Roughly how wide a character of the 12-pixel labels is, to place and thin them.</summary>
    private const double CharWidth = 6.6;

    private static readonly XmlWriterSettings Settings = new() { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment };

    /// <summary>A line per series, broken where a value is missing.</summary>
    public static RenderedChart Line(ChartData data) => Render(data, bars: false);

    /// <summary>A bar per category, the series stacked in order from the axis up (one series: plain bars).</summary>
    public static RenderedChart Bars(ChartData data) => Render(data, bars: true);

    private static RenderedChart Render(ChartData data, bool bars)
    {
        ArgumentNullException.ThrowIfNull(data);
        var id = SafeId(data.Id);
        var empty = ChartScale.IsEmpty(data);
        var text = new StringBuilder();
        using (var w = XmlWriter.Create(text, Settings))
        {
            Start(w, "svg");
            Attr(w, "viewBox", $"0 0 {Width.ToString(CultureInfo.InvariantCulture)} {Height.ToString(CultureInfo.InvariantCulture)}");
            Attr(w, "role", "img");
            Attr(w, "aria-labelledby", $"{id}-title {id}-desc");
            Attr(w, "class", "chart");
            Attr(w, "font-family", "system-ui, sans-serif");
            Attr(w, "font-size", "12");
            Element(w, "title", data.Title, ("id", $"{id}-title"));
            Element(w, "desc", Describe(data, bars, empty), ("id", $"{id}-desc"));
            Rect(w, 0, 0, Width, Height, ("fill", "#fff"));
            Label(w, 16, 24, data.Title, ("font-size", "15"), ("font-weight", "bold"), ("fill", "#111"));
            if (empty)
            {
                Label(w, Width / 2, Height / 2, NoData, ("text-anchor", "middle"), ("font-size", "14"), ("fill", "#333"), ("class", "no-data"));
            }
            else
            {
                Plot(w, id, data, bars);
            }

            w.WriteEndElement();
        }

        return new RenderedChart(text.ToString(), ChartTable.From(data));
    }

    private static void Plot(XmlWriter w, string id, ChartData data, bool bars)
    {
        var n = data.Categories.Count;
        var values = data.Series.Select(s => Enumerable.Range(0, n).Select(i => Value(s, i)).ToArray()).ToArray();
        var max = bars
            ? Enumerable.Range(0, n).Max(i => values.Sum(v => v[i] is { } x && x > 0 ? x : 0))
            : values.SelectMany(v => v).Max(v => v ?? 0);
        var axis = ChartScale.Axis(max, data.Unit);
        var legendRows = Legend(w, id, data, bars, measureOnly: true);
        var top = LegendTop + (legendRows * LegendRow) + 12;
        var frame = new Frame(top, (PlotRight - PlotLeft) / n, axis);

        if (bars)
        {
            Patterns(w, id, data.Series.Count);
        }

        Legend(w, id, data, bars, measureOnly: false);
        Axes(w, data, frame);
        if (bars)
        {
            DrawBars(w, id, data, values, frame);
        }
        else
        {
            DrawLines(w, data, values, frame);
        }
    }

    /// <summary>Where the plot is: its top, the width given to each category, and the value axis.</summary>
    private readonly record struct Frame(double Top, double Band, ChartAxis Axis)
    {
        public double X(int category) => PlotLeft + ((category + 0.5) * Band);

        public double Y(double value) => PlotBottom - (Math.Clamp(value / Axis.Max, 0, 1) * (PlotBottom - Top));

        public double HeightOf(double value) => Math.Clamp(value / Axis.Max, 0, 1) * (PlotBottom - Top);
    }

    private static void Axes(XmlWriter w, ChartData data, Frame frame)
    {
        Start(w, "g");
        Attr(w, "class", "axes");
        foreach (var tick in frame.Axis.Ticks)
        {
            var y = frame.Y(tick);
            Line(w, PlotLeft, y, PlotRight, y, ("stroke", tick == 0 ? "#444" : "#ddd"), ("stroke-width", "1"));
            Label(w, PlotLeft - 6, y + 4, frame.Axis.Label(tick), ("text-anchor", "end"), ("fill", "#333"), ("class", "y-tick"));
        }

        Line(w, PlotLeft, frame.Top, PlotLeft, PlotBottom, ("stroke", "#444"), ("stroke-width", "1"));

        // As many category labels as fit side by side, evenly spaced, the first always.
        var n = data.Categories.Count;
        var widest = data.Categories.Max(c => c.Length) * CharWidth;
        var fit = Math.Max(1, (int)((PlotRight - PlotLeft) / (widest + 12)));
        var every = (int)Math.Ceiling(n / (double)fit);
        for (var i = 0; i < n; i += every)
        {
            Line(w, frame.X(i), PlotBottom, frame.X(i), PlotBottom + 4, ("stroke", "#444"), ("stroke-width", "1"));
            Label(w, frame.X(i), PlotBottom + 18, data.Categories[i], ("text-anchor", "middle"), ("fill", "#333"), ("class", "x-tick"));
        }

        Label(w, (PlotLeft + PlotRight) / 2, Height - 14, data.XLabel, ("text-anchor", "middle"), ("fill", "#111"), ("class", "x-label"));
        var yLabel = frame.Axis.Unit.Length == 0 ? data.YLabel : $"{data.YLabel} ({frame.Axis.Unit})";
        var middle = Num((frame.Top + PlotBottom) / 2);
        Label(w, 0, 0, yLabel, ("text-anchor", "middle"), ("fill", "#111"), ("class", "y-label"), ("transform", $"translate(18 {middle}) rotate(-90)"));
        w.WriteEndElement();
    }

    /// <summary>The description: the caller's sentence, then what the chart holds and its largest value.</summary>
    private static string Describe(ChartData data, bool bars, bool empty)
    {
        if (empty)
        {
            return $"{data.Description} {NoData}.";
        }

        var n = data.Categories.Count;
        var kind = bars ? (data.Series.Count > 1 ? "Stacked bars" : "Bars") : "Lines";
        var names = string.Join(", ", data.Series.Select(s => s.Name));
        var span = n == 1 ? data.Categories[0] : $"{data.Categories[0]} to {data.Categories[^1]}";
        string largest;
        if (bars)
        {
            var totals = Enumerable.Range(0, n).Select(i => data.Series.Sum(s => Value(s, i) is { } v && v > 0 ? v : 0)).ToList();
            var at = totals.IndexOf(totals.Max());
            largest = $"the largest total is {ChartScale.Format(totals[at], data.Unit)}, in {data.Categories[at]}";
        }
        else
        {
            var top = data.Series.SelectMany(s => Enumerable.Range(0, n).Select(i => (s.Name, i, Value: Value(s, i)))).Where(x => x.Value is not null).MaxBy(x => x.Value)!;
            largest = $"the largest value is {ChartScale.Format(top.Value!.Value, data.Unit)}, {top.Name} in {data.Categories[top.i]}";
        }

        return $"{data.Description} {kind} of {names} over {n} {(n == 1 ? "period" : "periods")}, {span}; {largest}.";
    }

    /// <summary>A series' value at a category, null when missing or not a finite number.</summary>
    private static double? Value(ChartSeries series, int category) =>
        category < series.Values.Count && series.Values[category] is { } v && double.IsFinite(v) ? v : null;

    /// <summary>The chart's id as the SVG's ids may start with it: letters, digits, '-' and '_', starting with a letter.</summary>
    internal static string SafeId(string id)
    {
        var kept = new string([.. (id ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')]);
        return kept.Length > 0 && char.IsAsciiLetter(kept[0]) ? kept : "chart-" + kept;
    }

    /// <summary>Text as XML may hold it: characters XML forbids (most control characters, lone surrogates) are dropped.</summary>
    internal static string Clean(string? text)
    {
        text ??= "";
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i++, 2);
            }
        }

        return kept.ToString();
    }

    private static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static void Start(XmlWriter w, string name) => w.WriteStartElement(name, Ns);

    private static void Attr(XmlWriter w, string name, string value) => w.WriteAttributeString(name, Clean(value));

    private static void Element(XmlWriter w, string name, string text, params (string Name, string Value)[] attributes)
    {
        Start(w, name);
        foreach (var (key, value) in attributes)
        {
            Attr(w, key, value);
        }

        w.WriteString(Clean(text));
        w.WriteEndElement();
    }

    private static void Label(XmlWriter w, double x, double y, string text, params (string Name, string Value)[] attributes) =>
        Element(w, "text", text, [("x", Num(x)), ("y", Num(y)), .. attributes]);

    private static void Line(XmlWriter w, double x1, double y1, double x2, double y2, params (string Name, string Value)[] attributes)
    {
        Start(w, "line");
        (string, string)[] all = [("x1", Num(x1)), ("y1", Num(y1)), ("x2", Num(x2)), ("y2", Num(y2)), .. attributes];
        foreach (var (key, value) in all)
        {
            Attr(w, key, value);
        }

        w.WriteEndElement();
    }

    private static void Rect(XmlWriter w, double x, double y, double width, double height, params (string Name, string Value)[] attributes)
    {
        Start(w, "rect");
        (string, string)[] all = [("x", Num(x)), ("y", Num(y)), ("width", Num(width)), ("height", Num(height)), .. attributes];
        foreach (var (key, value) in all)
        {
            Attr(w, key, value);
        }

        w.WriteEndElement();
    }
}
