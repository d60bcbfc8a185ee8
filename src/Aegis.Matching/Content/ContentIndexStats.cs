namespace Aegis.Matching.Content;

/// <summary>
/// What a <see cref="ContentPartitionIndex"/> holds: items, immutable segments, items still in the mutable tail
/// (including full tails waiting for the builder), bytes it holds in memory (segments in native memory and the
/// tails' arrays) and bytes of snapshot files it maps (resident only as far as searches touched them).
/// </summary>
public sealed record ContentIndexStats(long Items, int Segments, long TailItems, long BytesInMemory, long BytesMapped);
