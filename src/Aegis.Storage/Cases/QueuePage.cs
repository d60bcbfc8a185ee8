namespace Aegis.Storage;

/// <summary>One page of the review queue as one reader may see it.</summary>
/// <param name="Total">Cases in the queue (with the query's filters) the reader may see, in all.</param>
/// <param name="Offset">Where this page starts.</param>
/// <param name="Items">The page, by priority (highest first) then age (oldest first).</param>
public sealed record QueuePage(int Total, int Offset, IReadOnlyList<QueueItem> Items);
