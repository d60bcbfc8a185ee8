using Aegis.Matching.Banks;

namespace Aegis.Matching.Matching;

/// <summary>One bank entry that matched: which bank, which entry, on what kind of hash, how far.</summary>
/// <param name="Bank">The bank's name.</param>
/// <param name="EntryId">The matched entry.</param>
/// <param name="Type">The kind of hash that matched.</param>
/// <param name="Distance">PDQ Hamming distance; 0 for exact digests.</param>
/// <param name="Action">The bank's action.</param>
/// <param name="Kind">Ordinary or negative.</param>
public sealed record BankMatch(string Bank, long EntryId, SignalType Type, int Distance, BankAction Action, BankKind Kind);
