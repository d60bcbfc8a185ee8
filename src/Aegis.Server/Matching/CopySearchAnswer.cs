namespace Aegis.Server.Matching;

/// <summary>The partitions a node answered for (held and current), and per search the rows it found there with their distance.</summary>
internal sealed record CopySearchAnswer(IReadOnlyList<int> Answered, IReadOnlyList<IReadOnlyList<CopyHit>> Hits);
