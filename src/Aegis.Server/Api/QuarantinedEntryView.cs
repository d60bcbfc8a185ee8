using Aegis.Storage;

namespace Aegis.Server.Api;

/// <summary>An exchange entry in the flood guard's quarantine: its matches hold uploads for review instead of blocking them.</summary>
/// <param name="EntryId">The bank entry.</param>
/// <param name="Bank">Its bank.</param>
/// <param name="Exchange">The exchange whose record holds it.</param>
/// <param name="Type">pdq, md5, sha256 or vpdq.</param>
/// <param name="Value">The hash (for vPDQ, the SHA-256 of its signal).</param>
/// <param name="RecordKey">The exchange record it came from.</param>
/// <param name="ExternalId">The exchange's id for it.</param>
/// <param name="Member">Who shared it at the exchange, when it says.</param>
/// <param name="Category">Its category at the exchange.</param>
/// <param name="QuarantinedAt">When it was quarantined; null once released.</param>
/// <param name="ReleasedAt">When a curator released it.</param>
/// <param name="WindowMatches">Its gate matches counted in the flood guard's window now.</param>
public sealed record QuarantinedEntryView(
    long EntryId, string Bank, string Exchange, string Type, string Value, string? RecordKey, string? ExternalId, string? Member, string? Category,
    DateTimeOffset? QuarantinedAt, DateTimeOffset? ReleasedAt, long WindowMatches)
{
    public static QuarantinedEntryView From(QuarantinedEntry q) => new(
        q.EntryId, q.Bank, q.Exchange, q.Type.ToString().ToLowerInvariant(), q.Value, q.RecordKey, q.ExternalId, q.Member, q.Category, q.QuarantinedAt, q.ReleasedAt, q.WindowMatches);
}
