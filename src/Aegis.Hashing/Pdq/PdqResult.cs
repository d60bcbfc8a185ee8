namespace Aegis.Hashing.Pdq;

/// <summary>A PDQ hash and its quality (0..100). Hashes of quality below 50 are too weak to act on.</summary>
public readonly record struct PdqResult(PdqHash Hash, int Quality)
{
    /// <summary>The quality below which the reference says a hash should not be acted on.</summary>
    public const int MinimumUsefulQuality = 50;
}
