namespace Aegis.Hashing.Pdq;

/// <summary>The eight rotations and flips of an image, in the reference's order.</summary>
public enum PdqDihedral
{
    Original = 0,
    Rotate90 = 1,
    Rotate180 = 2,
    Rotate270 = 3,
    FlipX = 4,
    FlipY = 5,
    FlipPlus1 = 6,
    FlipMinus1 = 7,
}
