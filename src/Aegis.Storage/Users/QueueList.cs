using Aegis.Core.Cases;

namespace Aegis.Storage;

/// <summary>A user's queues as the <c>users.queues</c> column keeps them: wire names, comma-separated, in queue order.</summary>
internal static class QueueList
{
    /// <summary>The column's width: every queue's name fits with room to spare.</summary>
    public const int MaxLength = 128;

    public static string Format(IEnumerable<ReviewQueue> queues) => string.Join(",", queues.Distinct().Order().Select(ReviewQueues.Name));

    /// <summary>The queues in a stored list; a name no longer known (written by a later version) is left out.</summary>
    public static IReadOnlyList<ReviewQueue> Parse(string stored) =>
        [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ReviewQueues.Parse).OfType<ReviewQueue>()];
}
