using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>A retroactive match to record.</summary>
public sealed record NewMatchEvent(long ContentRowId, string Bank, long EntryId, SignalType Type, int Distance, BankAction Action);
