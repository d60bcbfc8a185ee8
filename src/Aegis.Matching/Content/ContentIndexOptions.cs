namespace Aegis.Matching.Content;

/// <summary>Tuning of a <see cref="ContentPartitionIndex"/>; the defaults suit 10M items and more.</summary>
public sealed record ContentIndexOptions
{
    /// <summary>
    /// Items the mutable tail holds (searched by a linear scan) before it is built into an immutable segment in
    /// the background.
    /// </summary>
    public int TailCapacity { get; init; } = 65_536;

    /// <summary>
    /// Full tails that may wait for the background builder before an add waits for it: memory stays bounded
    /// during a bulk rebuild. An add never waits while the builder is failing (e.g. a full disk).
    /// </summary>
    public int MaxPendingTails { get; init; } = 8;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TailCapacity, 1, nameof(TailCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingTails, 1, nameof(MaxPendingTails));
    }
}
