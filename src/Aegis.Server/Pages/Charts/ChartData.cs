namespace Aegis.Server.Pages.Charts;

/// <summary>What a chart shows.</summary>
/// <param name="Id">Unique on the page (the SVG's ids start with it); letters, digits, '-' and '_' are kept.</param>
/// <param name="Title">What it shows, in a few words (the SVG's title, and the table's caption).</param>
/// <param name="Description">A sentence on how to read it (the SVG's description, before a summary of its numbers).</param>
/// <param name="XLabel">The categories' axis, e.g. "Day (UTC)".</param>
/// <param name="YLabel">The values' axis, e.g. "Cases"; a duration's unit is added to it.</param>
/// <param name="Unit">What the values are.</param>
/// <param name="Categories">The x axis, in order (a period's buckets).</param>
/// <param name="Series">Each with a value per category, in legend order.</param>
internal sealed record ChartData(
    string Id, string Title, string Description, string XLabel, string YLabel, ChartUnit Unit,
    IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series);
