namespace Aegis.Exchanges.AegisFeed;

/// <summary>A page of the hash feed as it goes over the wire (docs/exchange-protocol.md, "Page"), snake_case JSON.</summary>
/// <param name="Publisher">The publisher's name (<c>Feed:Publisher</c>).</param>
/// <param name="After">The checkpoint the page was asked after (<c>"0"</c> for the beginning): a subscriber checks it is
/// the one it asked for, so a signed page cannot be replayed in another place of the feed.</param>
/// <param name="Entries">The entries, in feed order.</param>
/// <param name="Next">The checkpoint to ask after next.</param>
/// <param name="HasMore">True when more entries follow now.</param>
public sealed record FeedPageDocument(string Publisher, string After, IReadOnlyList<FeedEntryDocument> Entries, string Next, bool HasMore);

/// <summary>One entry of a page.</summary>
/// <param name="Id">The entry's opaque id, stable: its deletion has the same.</param>
/// <param name="SignalType"><c>pdq</c>, <c>md5</c>, <c>sha256</c> or <c>vpdq</c>.</param>
/// <param name="Value">The hash: lower-case hex; for <c>vpdq</c>, python-threatexchange's JSON list of frames as text.</param>
/// <param name="Category">NCMEC's classification (<c>A1</c>, <c>A2</c>, <c>B1</c>, <c>B2</c>) or <c>child_safety</c>.</param>
/// <param name="Deleted">True when the entry is withdrawn (an appeal overturned its confirmation).</param>
/// <param name="At">When the entry (or its deletion) was made, UTC.</param>
public sealed record FeedEntryDocument(string Id, string SignalType, string Value, string? Category, bool Deleted, DateTimeOffset At);
