using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>An exchange entry the flood guard quarantined, with its source, for a curator.</summary>
/// <param name="EntryId">The entry.</param>
/// <param name="Bank">Its bank.</param>
/// <param name="Exchange">The exchange whose record holds it.</param>
/// <param name="Type">Its kind of hash.</param>
/// <param name="Value">The hash (for vPDQ, the SHA-256 of its signal).</param>
/// <param name="RecordKey">The exchange record it came from.</param>
/// <param name="ExternalId">The exchange's id for it.</param>
/// <param name="Member">Who shared it at the exchange, when it says.</param>
/// <param name="Category">Its category at the exchange.</param>
/// <param name="QuarantinedAt">When it was quarantined; null once released.</param>
/// <param name="ReleasedAt">When a curator released it, if they did.</param>
/// <param name="WindowMatches">Its gate matches counted in the window now.</param>
public sealed record QuarantinedEntry(
    long EntryId, string Bank, string Exchange, SignalType Type, string Value, string? RecordKey, string? ExternalId, string? Member, string? Category,
    DateTimeOffset? QuarantinedAt, DateTimeOffset? ReleasedAt, long WindowMatches);
