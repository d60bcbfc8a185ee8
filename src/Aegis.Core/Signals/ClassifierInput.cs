namespace Aegis.Core.Signals;

/// <summary>What a classifier reads: the message's text as sent and its normalised tokens.</summary>
/// <param name="Text">The text as sent.</param>
/// <param name="Tokens">The normalised tokens (<see cref="TextNormalizer"/>).</param>
public sealed record ClassifierInput(string Text, IReadOnlyList<string> Tokens);
