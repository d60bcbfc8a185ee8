namespace Aegis.Matching.Banks;

/// <summary>Ordinary banks hold known material; a match against a negative bank suppresses matches against the others.</summary>
public enum BankKind
{
    Ordinary,

    /// <summary>Known false positives (e.g. a meme that collides with a listed hash): the escape hatch.</summary>
    Negative,
}
