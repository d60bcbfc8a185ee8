using Aegis.Matching.Banks;
using Aegis.Matching.Video;

namespace Aegis.Matching.Matching;

/// <summary>One bank entry that matched: which bank, which entry, on what kind of hash, how far.</summary>
/// <param name="Bank">The bank's name.</param>
/// <param name="EntryId">The matched entry.</param>
/// <param name="Type">The kind of hash that matched.</param>
/// <param name="Distance">PDQ Hamming distance; 0 for exact digests and vPDQ.</param>
/// <param name="Action">What the match does: the bank's action, except that a vPDQ match by the segment rule holds
/// for review rather than blocks.</param>
/// <param name="Kind">Ordinary or negative.</param>
/// <param name="Video">For a vPDQ match: the rule that held and the percentages.</param>
public sealed record BankMatch(
    string Bank, long EntryId, SignalType Type, int Distance, BankAction Action, BankKind Kind, VideoMatch? Video = null);
