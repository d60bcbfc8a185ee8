namespace Aegis.Exchanges;

/// <summary>One page of an exchange's changes.</summary>
/// <param name="Records">The records changed, as they now are, in the exchange's order (a key may appear once per page).</param>
/// <param name="Checkpoint">Where the next fetch starts (opaque to the caller; the client's own JSON or text). Stored
/// with the page's records in one transaction.</param>
/// <param name="More">True when the exchange has more right now (fetch again at once); false ends this run.</param>
/// <param name="Progress">How far the exchange's own clock has been read (its newest change time so far), for status; null when unknown.</param>
public sealed record ExchangePage(IReadOnlyList<ExchangeRecord> Records, string Checkpoint, bool More, DateTimeOffset? Progress);
