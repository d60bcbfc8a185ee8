namespace Aegis.Matching.Banks;

/// <summary>One hash in a bank.</summary>
/// <param name="Id">Store-assigned id, unique across banks.</param>
/// <param name="Bank">The bank's name.</param>
/// <param name="Type">The kind of hash.</param>
/// <param name="Value">Canonical lowercase hex.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Enabled">Disabled entries are kept (for the record) but never matched.</param>
public sealed record BankEntry(long Id, string Bank, SignalType Type, string Value, EntrySource Source, bool Enabled);
