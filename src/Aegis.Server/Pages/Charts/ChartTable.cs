namespace Aegis.Server.Pages.Charts;

/// <summary>A chart's numbers as a table: a row per category, a column per series.</summary>
/// <param name="Id">The chart's id (safe for an HTML id), which the page gives the table as <c>{Id}-table</c>.</param>
/// <param name="Caption">The chart's title.</param>
/// <param name="Columns">The header row: the categories' axis, then each series.</param>
/// <param name="Rows">A row per category, in order; none when the chart has no data.</param>
internal sealed record ChartTable(string Id, string Caption, IReadOnlyList<string> Columns, IReadOnlyList<ChartTableRow> Rows)
{
    /// <summary>What a cell says where a series has no value.</summary>
    public const string NoValue = "no data";

    public static ChartTable From(ChartData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var empty = ChartScale.IsEmpty(data);
        return new ChartTable(
            SvgChart.SafeId(data.Id),
            data.Title,
            [data.XLabel, .. data.Series.Select(s => s.Name)],
            empty ? [] : [.. data.Categories.Select((category, i) =>
            {
                var values = data.Series.Select(s => i < s.Values.Count ? s.Values[i] : null).ToList();
                return new ChartTableRow(category, [.. values.Select(v => v is { } x ? ChartScale.Format(x, data.Unit) : NoValue)], values);
            })]);
    }
}
