namespace Aegis.Core.Signals;

/// <summary>
/// One entry of a pattern bank: a phrase in plain words that recognises one <see cref="SignalCategory"/>. A phrase may
/// offer alternatives in parentheses, "send (me|us) (your|ur) (pics|nudes)", and <c>{num}</c> for any number; it is
/// normalised like a message when the bank is compiled.
/// </summary>
/// <param name="Id">Unique within the bank, stable across versions (it names the rule in a case's explanation).</param>
/// <param name="Category">What it recognises.</param>
/// <param name="Phrase">The phrase.</param>
/// <param name="Weight">How strongly a hit counts, in (0, 1]: 1 for an unambiguous phrase, less for one that ordinary talk can hold.</param>
/// <param name="Notes">Why the entry is there, for the curator; optional.</param>
public sealed record PatternEntry(string Id, SignalCategory Category, string Phrase, double Weight = 1.0, string? Notes = null);
