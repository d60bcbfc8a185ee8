using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>How fast reported content is dealt with, and how much it was seen meanwhile.</summary>
/// <param name="Cases">Cases counted.</param>
/// <param name="Levels">Per priority level, most urgent first.</param>
/// <param name="ViewsAfterFirstReport">Views counted after each case's first report, summed (to removal, or to now).</param>
/// <param name="ViewsAfterRestriction">Views counted after restriction, summed (should be 0: restricted content is hidden).</param>
public sealed record CaseStats(int Cases, IReadOnlyList<LevelStats> Levels, long ViewsAfterFirstReport, long ViewsAfterRestriction);

/// <summary>One level's figures.</summary>
/// <param name="Level">The priority level.</param>
/// <param name="Cases">Cases at this level.</param>
/// <param name="SecondsToRestrict">From the first report to restriction, over cases restricted.</param>
/// <param name="SecondsToRemove">From the first report to removal, over cases removed.</param>
public sealed record LevelStats(PriorityLevel Level, int Cases, Percentile? SecondsToRestrict, Percentile? SecondsToRemove);

/// <summary>Median and 90th percentile.</summary>
/// <param name="Count">Values.</param>
/// <param name="Median">The median.</param>
/// <param name="P90">The 90th percentile.</param>
public sealed record Percentile(int Count, double Median, double P90);
