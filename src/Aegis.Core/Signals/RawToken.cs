namespace Aegis.Core.Signals;

/// <summary>One token of the normaliser's first pass.</summary>
/// <param name="Start">Where its folded characters start.</param>
/// <param name="Length">How many folded characters.</param>
/// <param name="Separator">The separator before it: its first character, or '\0' at the start and after an emoji word.</param>
/// <param name="SeparatorLength">How many separator characters before it (capped at 255).</param>
/// <param name="Letters">How many letters it holds.</param>
/// <param name="Currency">A currency sign next to its digits ('$', '€', '£'), or '\0'.</param>
/// <param name="Fixed">An emoji word: taken as it is, never joined or read as leetspeak.</param>
internal readonly record struct RawToken(int Start, int Length, char Separator, byte SeparatorLength, int Letters, char Currency, bool Fixed);
