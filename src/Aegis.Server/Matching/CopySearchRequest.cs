namespace Aegis.Server.Matching;

/// <summary>What one node asks another: these searches in these partitions (<c>POST /internal/v1/content-index/copies</c>).</summary>
internal sealed record CopySearchRequest(IReadOnlyList<int> Partitions, IReadOnlyList<CopySearch> Searches);
