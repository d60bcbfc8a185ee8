namespace Aegis.Matching.Video;

/// <summary>A known video that at least one frame of a query hit, and how the two compare.</summary>
/// <param name="VideoKey">The key the known video was added with.</param>
/// <param name="Comparison">The percentages, as <see cref="VpdqComparer"/> computes them.</param>
public readonly record struct VideoCandidate(int VideoKey, VpdqComparison Comparison);
