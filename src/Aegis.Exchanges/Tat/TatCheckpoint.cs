namespace Aegis.Exchanges.Tat;

/// <summary>Where a hash list fetch stands: the list's own checkpoint (<c>"{updated_on},{id}"</c> of the last entry read), or empty before the first.</summary>
/// <param name="After">What the next page is asked <c>after</c>.</param>
internal sealed record TatCheckpoint(string After);
