namespace Aegis.Core.Signals;

/// <summary>What a signal says a conversation is, in rising order of severity.</summary>
public enum SignalKind : byte
{
    /// <summary>No signal.</summary>
    None,

    /// <summary>Grooming: an adult building trust and secrecy with a child, toward sexual contact or images.</summary>
    Grooming,

    /// <summary>Sextortion: intimate images obtained or claimed, then threats to share them unless paid or sent more.</summary>
    Sextortion,
}
