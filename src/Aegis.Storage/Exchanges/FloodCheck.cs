namespace Aegis.Storage;

/// <summary>What the flood guard made of one gate decision's matches.</summary>
/// <param name="Held">The entries whose matches must hold instead of block (quarantined, now or before, alone or with their exchange).</param>
/// <param name="Reasons">Why, one sentence per entry or exchange, for the gate's answer.</param>
public sealed record FloodCheck(IReadOnlySet<long> Held, IReadOnlyList<string> Reasons)
{
    /// <summary>Nothing held.</summary>
    public static FloodCheck None { get; } = new(new HashSet<long>(), []);
}
