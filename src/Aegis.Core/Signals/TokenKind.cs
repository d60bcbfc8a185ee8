namespace Aegis.Core.Signals;

/// <summary>What a normalised token is.</summary>
public enum TokenKind : byte
{
    /// <summary>A word (letters, after folding, leetspeak and slang).</summary>
    Word,

    /// <summary>A number ("50", "1,000"): kept as digits, matched by <c>{num}</c> in a phrase.</summary>
    Number,

    /// <summary>A word joined from spaced-out letters ("s e n d", "s.e.n.d"); the matcher may split it into known words.</summary>
    Joined,
}
