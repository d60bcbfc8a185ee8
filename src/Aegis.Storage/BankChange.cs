using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>One row of the bank change feed, which every node replays to keep its in-memory index current.</summary>
/// <param name="Sequence">The row's position in the feed: strictly increasing, and rows become visible in this order.</param>
/// <param name="Kind">What changed.</param>
/// <param name="Bank">The name of the bank it concerns.</param>
/// <param name="Entry">
/// For the entry kinds, the entry as it is now (read with the change); null for the bank kinds. Apply
/// <paramref name="Kind"/>, not <see cref="BankEntry.Enabled"/>, when replaying: a later row may already have changed it.
/// </param>
/// <param name="At">When the change was made (UTC).</param>
public sealed record BankChange(long Sequence, BankChangeKind Kind, string Bank, BankEntry? Entry, DateTimeOffset At)
{
    /// <summary>
    /// The bank has been deleted, by this change or since: none of its entries may match, whatever this change says, and
    /// <see cref="Bank"/> may by now name another bank (a deleted bank's name is free).
    /// </summary>
    public bool BankGone { get; init; }
}
