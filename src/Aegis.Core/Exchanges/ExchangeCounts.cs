namespace Aegis.Core.Exchanges;

/// <summary>What fetching did: records read, and bank entries added (or re-enabled), updated (provenance) and removed (disabled).</summary>
/// <param name="Records">Records read from the exchange (deletions included).</param>
/// <param name="Added">Entries added to the bank, or enabled again.</param>
/// <param name="Updated">Entries whose provenance changed (entry id, member, category).</param>
/// <param name="Removed">Entries disabled: their records were deleted, or lost the hash.</param>
public readonly record struct ExchangeCounts(long Records, long Added, long Updated, long Removed)
{
    public static ExchangeCounts operator +(ExchangeCounts a, ExchangeCounts b) =>
        new(a.Records + b.Records, a.Added + b.Added, a.Updated + b.Updated, a.Removed + b.Removed);

    public static ExchangeCounts Add(ExchangeCounts a, ExchangeCounts b) => a + b;
}
