namespace Aegis.Server.Pages.Charts;

/// <summary>One named line or stack of bars: a value per category, null where there is none.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);
