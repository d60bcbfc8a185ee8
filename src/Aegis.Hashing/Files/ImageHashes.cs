using Aegis.Hashing.Digests;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Pdq;

namespace Aegis.Hashing.Files;

/// <summary>Everything Aegis computes for one image: PDQ (and optionally its dihedral variants), MD5, SHA-256.</summary>
public sealed record ImageHashes(
    PdqResult Pdq,
    FileDigests Digests,
    ImageFormat Format,
    int Width,
    int Height,
    long Bytes,
    PdqDihedralHashes? Dihedral);
