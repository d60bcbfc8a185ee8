using System.Xml;

namespace Aegis.Server.Pages.Charts;

internal static partial class SvgChart
{
    /// <summary>
    /// The series' colours (Okabe and Ito's palette for colour-blind readers, each at least 3:1 against white), with a
    /// fill pattern, a dash and a marker each, so no series is told apart by colour alone; past six they repeat.
    /// </summary>
    internal static readonly string[] Colours = ["#D55E00", "#0072B2", "#8F6A00", "#CC79A7", "#009E73", "#332288"];

    private static readonly string[] Dashes = ["", "8 4", "2 3", "12 4 2 4", "5 5", "1 6"];

    /// <summary>The overlay of each fill pattern in an 8-pixel tile: none, diagonal, dots, horizontal, cross-hatch, vertical.</summary>
    private static readonly string?[] Hatches = [null, "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "dots", "M0,4 h8", "M0,0 l8,8 M8,0 l-8,8", "M4,0 v8"];

    /// <summary>Markers centred on 0,0: circle, square, triangle, diamond, cross, inverted triangle.</summary>
    private static readonly string[] Markers =
    [
        "M-3.5,0 a3.5,3.5 0 1,0 7,0 a3.5,3.5 0 1,0 -7,0 Z", "M-3.5,-3.5 h7 v7 h-7 Z", "M0,-4.5 L4,3 L-4,3 Z",
        "M0,-4.5 L4.5,0 L0,4.5 L-4.5,0 Z", "M-4,-1.5 h2.5 v-2.5 h3 v2.5 h2.5 v3 h-2.5 v2.5 h-3 v-2.5 h-2.5 Z", "M0,4.5 L4,-3 L-4,-3 Z",
    ];

    /// <summary>Markers on every point up to this many categories; past it, only on points that stand alone.</summary>
    private const int MarkEveryPointUpTo = 48;

    private static string Colour(int series) => Colours[series % Colours.Length];

    private static string FillId(string id, int series) => $"{id}-fill-{series % Colours.Length}";

    private static void Patterns(XmlWriter w, string id, int count)
    {
        Start(w, "defs");
        for (var s = 0; s < Math.Min(count, Colours.Length); s++)
        {
            Start(w, "pattern");
            Attr(w, "id", FillId(id, s));
            Attr(w, "patternUnits", "userSpaceOnUse");
            Attr(w, "width", "8");
            Attr(w, "height", "8");
            Rect(w, 0, 0, 8, 8, ("fill", Colour(s)));
            switch (Hatches[s])
            {
                case null:
                    break;
                case "dots":
                    Start(w, "circle");
                    Attr(w, "cx", "4");
                    Attr(w, "cy", "4");
                    Attr(w, "r", "1.6");
                    Attr(w, "fill", "#fff");
                    w.WriteEndElement();
                    break;
                case var hatch:
                    Start(w, "path");
                    Attr(w, "d", hatch);
                    Attr(w, "stroke", "#fff");
                    Attr(w, "stroke-width", "1.5");
                    w.WriteEndElement();
                    break;
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    /// <summary>The legend, in rows across the top; returns how many rows (drawing nothing when <paramref name="measureOnly"/>).</summary>
    private static int Legend(XmlWriter w, string id, ChartData data, bool bars, bool measureOnly)
    {
        var (x, row) = (PlotLeft, 0);
        if (!measureOnly)
        {
            Start(w, "g");
            Attr(w, "class", "legend");
        }

        for (var s = 0; s < data.Series.Count; s++)
        {
            var name = Clean(data.Series[s].Name);
            var width = 34 + (name.Length * CharWidth) + 16;
            if (x + width > PlotRight && x > PlotLeft)
            {
                (x, row) = (PlotLeft, row + 1);
            }

            if (!measureOnly)
            {
                var y = LegendTop + (row * LegendRow);
                if (bars)
                {
                    Rect(w, x + 8, y, 14, 14, ("fill", $"url(#{FillId(id, s)})"), ("stroke", "#222"), ("stroke-width", "0.5"));
                }
                else
                {
                    Line(w, x, y + 7, x + 28, y + 7, LineStyle(s));
                    Marker(w, s, x + 14, y + 7);
                }

                Label(w, x + 34, y + 11, name, ("fill", "#111"));
            }

            x += width;
        }

        if (!measureOnly)
        {
            w.WriteEndElement();
        }

        return row + 1;
    }

    private static void DrawBars(XmlWriter w, string id, ChartData data, double?[][] values, Frame frame)
    {
        var width = frame.Band >= 4 ? frame.Band * 0.7 : frame.Band;
        Start(w, "g");
        Attr(w, "class", "bars");
        for (var i = 0; i < data.Categories.Count; i++)
        {
            var stacked = 0.0;
            for (var s = 0; s < data.Series.Count; s++)
            {
                if (values[s][i] is not { } value || value <= 0)
                {
                    continue; // nothing to draw (the table says 0 or no data)
                }

                var height = frame.HeightOf(value);
                var y = frame.Y(stacked) - height;
                stacked += value;
                Rect(w, frame.X(i) - (width / 2), y, width, height,
                    ("class", "bar"), ("fill", $"url(#{FillId(id, s)})"), ("stroke", width >= 4 ? "#222" : "none"), ("stroke-width", "0.5"),
                    ("data-series", data.Series[s].Name), ("data-category", data.Categories[i]), ("data-value", Num(value)));
            }
        }

        w.WriteEndElement();
    }

    private static void DrawLines(XmlWriter w, ChartData data, double?[][] values, Frame frame)
    {
        var n = data.Categories.Count;
        for (var s = 0; s < data.Series.Count; s++)
        {
            Start(w, "g");
            Attr(w, "class", "series");
            Attr(w, "data-series", data.Series[s].Name);

            // One path, a new stroke after each gap.
            var path = new List<string>();
            for (var i = 0; i < n; i++)
            {
                if (values[s][i] is { } v)
                {
                    path.Add($"{(i > 0 && values[s][i - 1] is not null ? "L" : "M")}{Num(frame.X(i))},{Num(frame.Y(v))}");
                }
            }

            Start(w, "path");
            Attr(w, "class", "line");
            Attr(w, "d", string.Join(" ", path));
            Attr(w, "fill", "none");
            foreach (var (key, value) in LineStyle(s))
            {
                Attr(w, key, value);
            }

            w.WriteEndElement();
            for (var i = 0; i < n; i++)
            {
                var alone = (i == 0 || values[s][i - 1] is null) && (i == n - 1 || values[s][i + 1] is null);
                if (values[s][i] is { } v && (n <= MarkEveryPointUpTo || alone))
                {
                    Marker(w, s, frame.X(i), frame.Y(v), ("class", "point"), ("data-category", data.Categories[i]), ("data-value", Num(v)));
                }
            }

            w.WriteEndElement();
        }
    }

    private static (string, string)[] LineStyle(int series) => Dashes[series % Dashes.Length] is { Length: > 0 } dash
        ? [("stroke", Colour(series)), ("stroke-width", "2"), ("stroke-dasharray", dash)]
        : [("stroke", Colour(series)), ("stroke-width", "2")];

    private static void Marker(XmlWriter w, int series, double x, double y, params (string Name, string Value)[] attributes)
    {
        Start(w, "path");
        Attr(w, "d", Markers[series % Markers.Length]);
        Attr(w, "transform", $"translate({Num(x)} {Num(y)})");
        Attr(w, "fill", Colour(series));
        Attr(w, "stroke", "#fff");
        Attr(w, "stroke-width", "1");
        foreach (var (key, value) in attributes)
        {
            Attr(w, key, value);
        }

        w.WriteEndElement();
    }
}
