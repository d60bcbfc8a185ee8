namespace Aegis.Core.Signals;

/// <summary>A compiled entry with the bank it came from: what an explanation names.</summary>
/// <param name="Bank">The bank's name.</param>
/// <param name="Version">The bank's version.</param>
/// <param name="Entry">The entry.</param>
public sealed record PatternRule(string Bank, string Version, PatternEntry Entry)
{
    /// <summary>The rule as an explanation names it: <c>bank@version/entry</c>.</summary>
    public string Name { get; } = $"{Bank}@{Version}/{Entry.Id}";
}
