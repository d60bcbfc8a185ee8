namespace Aegis.Matching.Banks;

/// <summary>
/// Where a matched entry came from, as every match shows it: the exchange that holds it (with the exchange's entry id,
/// member and category), or the list it was imported from.
/// </summary>
/// <param name="Exchange">The hash exchange whose records hold the entry, if any.</param>
/// <param name="EntryId">The exchange's (or the list's) id for it.</param>
/// <param name="Member">Who shared it at the exchange, when it says.</param>
/// <param name="Category">Its category (NCMEC's A1/A2/B1/B2, a list's label).</param>
/// <param name="List">The list it was imported from, for an entry no exchange holds.</param>
public sealed record MatchProvenance(string? Exchange, string? EntryId, string? Member, string? Category, string? List)
{
    /// <summary>The provenance of an entry's source, or null when it says nothing (an entry added by hand without labels).</summary>
    public static MatchProvenance? From(EntrySource? source) => source switch
    {
        null => null,
        { Exchange: { } exchange } => new MatchProvenance(exchange, source.ExternalId, source.Member, source.Category, null),
        { List: null, ExternalId: null, Category: null } => null,
        _ => new MatchProvenance(null, source.ExternalId, null, source.Category, source.List),
    };
}
