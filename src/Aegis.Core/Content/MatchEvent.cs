using Aegis.Matching.Banks;

namespace Aegis.Core.Content;

/// <summary>
/// Content recorded earlier that matches a hash added to a bank later (retroactive matching): the platform must act
/// on content that was allowed before the bank knew it.
/// </summary>
/// <param name="Sequence">The event's position in the feed (increasing).</param>
/// <param name="ContentId">The platform's content id.</param>
/// <param name="Bank">The bank the new entry is in.</param>
/// <param name="EntryId">The new entry.</param>
/// <param name="SignalType">The kind of hash that matched.</param>
/// <param name="Distance">PDQ distance (0 for exact digests and vPDQ).</param>
/// <param name="Action">The bank's action (what the gate would have done).</param>
/// <param name="DetectedAt">When Aegis found it.</param>
public sealed record MatchEvent(
    long Sequence, string ContentId, string Bank, long EntryId, SignalType SignalType, int Distance, BankAction Action, DateTimeOffset DetectedAt);
