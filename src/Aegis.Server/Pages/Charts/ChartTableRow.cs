namespace Aegis.Server.Pages.Charts;

/// <summary>One category's row: its name, then each series' value as text (with its unit) and as a number.</summary>
internal sealed record ChartTableRow(string Header, IReadOnlyList<string> Cells, IReadOnlyList<double?> Values);
