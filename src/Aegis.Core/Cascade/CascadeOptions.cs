namespace Aegis.Core.Cascade;

/// <summary>How far the cascade goes without a person looking.</summary>
/// <param name="RemoveWithinDistance">Copies at most this PDQ distance from the confirmed item are removed; farther ones
/// (still matches) are held for review. Default 16: half the usual match threshold.</param>
public sealed record CascadeOptions(int RemoveWithinDistance = 16)
{
    public static CascadeOptions Default { get; } = new();
}
