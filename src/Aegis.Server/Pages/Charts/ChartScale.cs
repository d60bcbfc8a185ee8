using System.Globalization;

namespace Aegis.Server.Pages.Charts;

/// <summary>Axes and numbers: ticks at round values, durations in s, min or h by their size, counts with separators.</summary>
internal static class ChartScale
{
    /// <summary>About this many steps on a value axis.</summary>
    private const int TargetSteps = 5;

    /// <summary>No category, or not one finite value in any series.</summary>
    public static bool IsEmpty(ChartData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Categories.Count == 0 || !data.Series.Any(s => s.Values.Take(data.Categories.Count).Any(v => v is { } x && double.IsFinite(x)));
    }

    /// <summary>The axis for values up to <paramref name="max"/>.</summary>
    public static ChartAxis Axis(double max, ChartUnit unit)
    {
        max = double.IsFinite(max) && max > 0 ? max : 0;
        var (divisor, name) = unit == ChartUnit.Seconds ? DurationUnit(max) : (1.0, "");
        var shown = max / divisor;
        var step = NiceStep(shown / TargetSteps);
        if (unit == ChartUnit.Count)
        {
            step = Math.Max(1, step); // whole things
        }

        var steps = Math.Max(1, Math.Ceiling((shown / step) - 1e-9));
        return new ChartAxis(steps * step * divisor, step * divisor, divisor, name);
    }

    /// <summary>A value with its unit, for a table cell or a tooltip: "1,040", "45 s", "3.5 min", "56 h".</summary>
    public static string Format(double value, ChartUnit unit)
    {
        if (unit == ChartUnit.Count)
        {
            return value.ToString(value == Math.Floor(value) ? "N0" : "N1", CultureInfo.InvariantCulture);
        }

        var (divisor, name) = DurationUnit(Math.Abs(value));
        return $"{Number(value / divisor)} {name}";
    }

    /// <summary>A number with at most one decimal and thousands separators: "1,234.5", "3".</summary>
    public static string Number(double value) => Math.Round(value, 1).ToString("#,0.#", CultureInfo.InvariantCulture);

    /// <summary>A count for a tick: as it is below 10,000, then in k, M, B or T.</summary>
    public static string Compact(double value)
    {
        var size = Math.Abs(value);
        return size < 1e4 ? Number(value)
            : size < 1e6 ? Number(value / 1e3) + "k"
            : size < 1e9 ? Number(value / 1e6) + "M"
            : size < 1e12 ? Number(value / 1e9) + "B"
            : Number(value / 1e12) + "T";
    }

    /// <summary>Seconds under 2 minutes, minutes under 2 hours, else hours.</summary>
    private static (double Divisor, string Name) DurationUnit(double seconds) =>
        seconds < 120 ? (1, "s") : seconds < 7200 ? (60, "min") : (3600, "h");

    /// <summary>The smallest of 1, 2 and 5 times a power of ten that is at least <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        if (!(raw > 0))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }
}
