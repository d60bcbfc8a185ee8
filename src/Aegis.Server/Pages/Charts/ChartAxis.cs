namespace Aegis.Server.Pages.Charts;

/// <summary>A value axis from 0 to <see cref="Max"/> in steps of <see cref="Step"/> (both in the values' own units).</summary>
/// <param name="Max">The top of the axis, a whole number of steps, above every value.</param>
/// <param name="Step">Between two ticks: 1, 2 or 5 times a power of ten, in the shown unit.</param>
/// <param name="Divisor">What a value is divided by to be shown in <paramref name="Unit"/> (60 for minutes).</param>
/// <param name="Unit">The shown unit ("s", "min", "h"), or empty for counts.</param>
internal readonly record struct ChartAxis(double Max, double Step, double Divisor, string Unit)
{
    /// <summary>The ticks from 0 to <see cref="Max"/>.</summary>
    public IEnumerable<double> Ticks
    {
        get
        {
            var count = (int)Math.Round(Max / Step);
            for (var i = 0; i <= count; i++)
            {
                yield return i * Step;
            }
        }
    }

    /// <summary>A tick's label, with the unit: "30 min", "2k".</summary>
    public string Label(double value) =>
        Unit.Length == 0 ? ChartScale.Compact(value) : $"{ChartScale.Number(value / Divisor)} {Unit}";
}
