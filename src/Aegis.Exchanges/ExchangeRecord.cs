namespace Aegis.Exchanges;

/// <summary>
/// One record of an exchange as it now is: an NCMEC entry (key <c>member-id</c>), a StopNCII hash, a TAT hash, a
/// ThreatExchange indicator, a line of a file. It holds every hash Aegis can match that the record carries (an NCMEC
/// image entry may carry MD5 and PDQ). The bank keeps one entry per signal, tied to the record by
/// (<see cref="Key"/>, signal type, value): a later page's record replaces the earlier one (signals gone are disabled,
/// new ones added, changed provenance updated); a record with no signals is deleted (its entries disabled).
/// </summary>
/// <param name="Key">The exchange's identity for the record, stable across pages and runs (at most 256 characters).</param>
/// <param name="Signals">The hashes to match, or none for a deletion.</param>
/// <param name="Provenance">Where the record came from, kept on every entry it makes and shown with every match.</param>
public sealed record ExchangeRecord(string Key, IReadOnlyList<ExchangeSignal> Signals, ExchangeProvenance Provenance)
{
    /// <summary>True when the record is deleted at the exchange.</summary>
    public bool Deleted => Signals.Count == 0;
}

/// <summary>One hash of a record, in Aegis's form (<see cref="Matching.Banks.SignalType"/>, lower-case hex for PDQ/MD5/SHA-256).</summary>
/// <param name="Type">The signal type.</param>
/// <param name="Value">The hash (for vPDQ, the frames in Aegis's text form).</param>
public sealed record ExchangeSignal(Matching.Banks.SignalType Type, string Value);

/// <summary>Where a record came from, as the exchange says.</summary>
/// <param name="EntryId">The exchange's id for the entry (NCMEC's entry id, StopNCII's hash, TAT's id, ThreatExchange's indicator id).</param>
/// <param name="Member">Who shared it (NCMEC's member / ESP id and name, ThreatExchange's owner app), or null.</param>
/// <param name="Category">Its category or classification (NCMEC's A1/A2/B1/B2, TAT's ideology, tags), or null.</param>
/// <param name="Opinions">What members said of it (up/down votes, StopNCII's CSP feedback, ThreatExchange reactions), short text, may be empty.</param>
public sealed record ExchangeProvenance(string EntryId, string? Member, string? Category, IReadOnlyList<string> Opinions)
{
    public static ExchangeProvenance Of(string entryId, string? member = null, string? category = null) => new(entryId, member, category, []);
}
