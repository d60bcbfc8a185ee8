using Aegis.Core.Cases;

namespace Aegis.Storage;

/// <summary>What part of the queue to read (<see cref="CaseStore.QueueAsync"/>).</summary>
/// <param name="Queue">Only cases in this queue (null: every queue the reader may read).</param>
/// <param name="Reason">Only cases with this reason.</param>
/// <param name="Limit">At most this many (1 to <see cref="MaxLimit"/>).</param>
/// <param name="Offset">Skip this many first (0 or more).</param>
public sealed record QueueQuery(ReviewQueue? Queue = null, ReviewReason? Reason = null, int Limit = QueueQuery.DefaultLimit, int Offset = 0)
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    /// <summary>Why the query cannot be run, naming the field, or null.</summary>
    public string? Validate() =>
        Limit is < 1 or > MaxLimit ? $"limit is from 1 to {MaxLimit}; got {Limit}."
        : Offset < 0 ? $"offset is 0 or more; got {Offset}."
        : null;
}
