using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>How many cases at one priority level.</summary>
public sealed record LevelCount(PriorityLevel Level, int Count);
