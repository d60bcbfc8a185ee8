namespace Aegis.Server.Pages.Charts;

/// <summary>A chart as a self-contained SVG element, and the same numbers as a table for screen readers and keyboards.</summary>
/// <param name="Svg">An <c>&lt;svg&gt;</c> element to put in a page as it is (no script, no outside reference).</param>
/// <param name="Table">The numbers, a row per category.</param>
internal sealed record RenderedChart(string Svg, ChartTable Table);
