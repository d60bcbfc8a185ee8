namespace Aegis.Core.Cascade;

/// <summary>An item found by hash to be a copy of a confirmed one.</summary>
/// <param name="Item">The copy.</param>
/// <param name="Distance">PDQ distance to the confirmed item (0 for an exact digest or a vPDQ match).</param>
public sealed record CascadeCopy(CascadeItem Item, int Distance);
