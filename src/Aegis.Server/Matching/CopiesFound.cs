namespace Aegis.Server.Matching;

/// <summary>Each item's copies, in row order, and whether every partition answered (false: some were still loading or moving when the wait ran out).</summary>
internal sealed record CopiesFound(IReadOnlyList<IReadOnlyList<CopyHit>> Copies, bool Complete);
