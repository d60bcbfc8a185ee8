namespace Aegis.Exchanges;

/// <summary>A reviewer's verdict on a record an exchange shared, to send back to it.</summary>
/// <param name="Provenance">The record's provenance as stored (entry id, member).</param>
/// <param name="Signal">The hash that matched.</param>
/// <param name="Verdict">Confirmed (the content was what the record says) or dismissed (it was not).</param>
/// <param name="Reason">Why, in the exchange's terms where it has them (an NCMEC feedback reason's GUID), or free text; null for none.</param>
public sealed record ExchangeFeedback(ExchangeProvenance Provenance, ExchangeSignal Signal, ExchangeVerdict Verdict, string? Reason);

/// <summary>What a reviewer found a matched record to be.</summary>
public enum ExchangeVerdict
{
    /// <summary>The match was right: NCMEC affirmative, StopNCII Blocked, ThreatExchange MALICIOUS/HELPFUL.</summary>
    Confirmed,

    /// <summary>The match was wrong: NCMEC negative, StopNCII NotBlocked, ThreatExchange DISAGREE.</summary>
    Dismissed,
}
