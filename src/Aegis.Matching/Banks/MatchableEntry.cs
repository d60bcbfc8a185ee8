namespace Aegis.Matching.Banks;

/// <summary>What the matcher needs of an enabled entry (loading millions at start-up reads only this).</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="Bank">The bank's name.</param>
/// <param name="Type">The kind of hash.</param>
/// <param name="Value">Canonical lowercase hex.</param>
public readonly record struct MatchableEntry(long Id, string Bank, SignalType Type, string Value)
{
    public static MatchableEntry From(BankEntry entry) => new(entry.Id, entry.Bank, entry.Type, entry.Value);
}
