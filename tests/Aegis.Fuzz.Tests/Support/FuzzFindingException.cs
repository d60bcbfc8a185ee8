namespace Aegis.Fuzz.Tests.Support;

/// <summary>A property a fuzz case broke other than by throwing: it took too long, allocated too much, or a round trip failed.</summary>
public sealed class FuzzFindingException(string message, Exception? inner = null) : Exception(message, inner);
