using System.Runtime.CompilerServices;

namespace Aegis.Hashing.Pdq;

/// <summary>The eight dihedral PDQ hashes of one image, indexed by <see cref="PdqDihedral"/>.</summary>
[InlineArray(Count)]
public struct PdqDihedralHashes
{
    /// <summary>Number of variants.</summary>
    public const int Count = 8;

    private PdqHash _element0;

    /// <summary>The hash of one variant.</summary>
    public readonly PdqHash Get(PdqDihedral variant) => this[(int)variant];
}
