namespace Aegis.Core.Signals;

/// <summary>An entry that hit: which one, and the token span it covered (inclusive; gaps included).</summary>
/// <param name="Entry">Index into <see cref="PatternMatcher.Entries"/>.</param>
/// <param name="Start">The first token matched.</param>
/// <param name="End">The last token matched.</param>
public readonly record struct PatternHit(int Entry, int Start, int End);
