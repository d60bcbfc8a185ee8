namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>flood_counts</c>: the gate's matches of one exchange entry (or, with <see cref="EntryId"/> 0, of all the
/// exchange's entries) in one bucket of the flood guard's window. Upserted by the gate; old buckets are pruned.
/// </summary>
internal sealed class FloodCountRow
{
    public int ExchangeId { get; set; }

    /// <summary>The entry, or 0 for the exchange's own row.</summary>
    public long EntryId { get; set; }

    /// <summary>The bucket's start (Unix ms).</summary>
    public long Bucket { get; set; }

    public long Matches { get; set; }

    /// <summary>Of <see cref="Matches"/>, those of entries that were new (the exchange's row only).</summary>
    public long NewMatches { get; set; }
}
