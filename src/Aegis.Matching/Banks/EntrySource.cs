namespace Aegis.Matching.Banks;

/// <summary>Where a bank entry came from.</summary>
/// <param name="List">The hash list it was imported from (e.g. "ncmec-2026-11"), or the exchange that holds it, if any.</param>
/// <param name="ExternalId">The list's or exchange's own id for the entry, if any.</param>
/// <param name="Category">The list's category label, if any.</param>
/// <param name="AddedAt">When it was added to Aegis.</param>
/// <param name="AddedBy">Who added it (a user, an API key name, "import", "exchange:&lt;name&gt;").</param>
public sealed record EntrySource(string? List, string? ExternalId, string? Category, DateTimeOffset AddedAt, string? AddedBy)
{
    /// <summary>The hash exchange whose records hold the entry (they keep it enabled), or null.</summary>
    public string? Exchange { get; init; }

    /// <summary>The key of the exchange record it shows the provenance of, with an <see cref="Exchange"/>.</summary>
    public string? RecordKey { get; init; }

    /// <summary>Who shared it at the exchange (an NCMEC member, a ThreatExchange app), if it says.</summary>
    public string? Member { get; init; }
}
