namespace Aegis.Matching.Banks;

/// <summary>The kinds of hash a bank holds.</summary>
public enum SignalType
{
    /// <summary>PDQ perceptual image hash, 64 hex characters; matched within a Hamming distance.</summary>
    Pdq,

    /// <summary>MD5 of the file bytes, 32 hex characters; exact match.</summary>
    Md5,

    /// <summary>SHA-256 of the file bytes, 64 hex characters; exact match.</summary>
    Sha256,

    /// <summary>
    /// vPDQ video hash: the PDQ hash, quality and timestamp of each hashed frame, as python-threatexchange's JSON list
    /// of <c>"pdqHex,quality,timestamp"</c> strings; matched frame by frame (see <c>Aegis.Matching.Video</c>).
    /// </summary>
    Vpdq,
}
