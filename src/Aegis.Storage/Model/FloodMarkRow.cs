namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>flood_marks</c>: the highest content row id when a bucket of the flood guard's window began (as first seen
/// by any node), so the uploads gated since are the newest id less the mark: one indexed read, not a count.
/// </summary>
internal sealed class FloodMarkRow
{
    /// <summary>The bucket's start (Unix ms).</summary>
    public long Bucket { get; set; }

    public long ContentId { get; set; }
}
