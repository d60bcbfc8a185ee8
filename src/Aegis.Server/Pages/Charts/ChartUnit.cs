namespace Aegis.Server.Pages.Charts;

/// <summary>What a chart's values are.</summary>
internal enum ChartUnit
{
    /// <summary>Things counted (cases, views): whole numbers.</summary>
    Count,

    /// <summary>Durations in seconds, shown in s, min or h by their size.</summary>
    Seconds,
}
