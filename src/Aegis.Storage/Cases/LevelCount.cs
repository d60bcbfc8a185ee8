using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>How many cases at one priority level.</summary>
/// <param name="Level">The priority level.</param>
/// <param name="Count">Cases at it.</param>
public sealed record LevelCount(PriorityLevel Level, int Count);
