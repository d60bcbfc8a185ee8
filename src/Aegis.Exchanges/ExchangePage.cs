namespace Aegis.Exchanges;

/// <summary>One page of an exchange's changes.</summary>
/// <param name="Records">The records changed, as they now are, in the exchange's order (a key may appear once per page).</param>
/// <param name="Checkpoint">Where the next fetch starts (opaque to the caller; the client's own JSON or text). Stored
/// with the page's records in one transaction.</param>
/// <param name="More">True when the exchange has more right now (fetch again at once); false ends this run.</param>
/// <param name="Progress">How far the exchange's own clock has been read (its newest change time so far), for status; null when unknown.</param>
public sealed record ExchangePage(IReadOnlyList<ExchangeRecord> Records, string Checkpoint, bool More, DateTimeOffset? Progress)
{
    /// <summary>
    /// For an exchange that lists all its records every time rather than its changes (a file re-read whole): the
    /// listing's id (e.g. the file's SHA-256), the same on each of its pages. When the listing's last page (<see
    /// cref="More"/> false) is applied, every record of the exchange that no page of this listing held is deleted. Null
    /// (the default) for an exchange of changes, whose deletions come as records without signals.
    /// </summary>
    public string? Listing { get; init; }
}
