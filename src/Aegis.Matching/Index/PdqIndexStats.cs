namespace Aegis.Matching.Index;

/// <summary>What the index holds now.</summary>
/// <param name="Entries">Live entries (indexed and pending, less removed).</param>
/// <param name="Indexed">Entries in the multi-index segment.</param>
/// <param name="Pending">Entries added since the segment was built (searched linearly until the next merge).</param>
/// <param name="Removed">Removed entries still in the segment or pending list (dropped at the next merge).</param>
/// <param name="Chunks">Chunks of the segment's multi-index layout.</param>
/// <param name="Bytes">Memory held by the segment and the pending list.</param>
public sealed record PdqIndexStats(long Entries, long Indexed, long Pending, long Removed, int Chunks, long Bytes);
