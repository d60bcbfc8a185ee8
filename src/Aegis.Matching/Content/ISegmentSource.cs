using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>Items in ascending row order, as the segment builder reads them: a sorted tail or an existing segment.</summary>
internal interface ISegmentSource
{
    int Count { get; }

    long Row(int position);

    bool HasPdq(int position);

    PdqHash Pdq(int position);

    /// <summary>How many items carry this digest.</summary>
    int DigestCount(DigestKind kind);

    /// <summary>The <paramref name="index"/>-th digest fingerprint (the digest's first 8 bytes, big-endian), ascending.</summary>
    ulong Fingerprint(DigestKind kind, int index);

    /// <summary>The row of the item the <paramref name="index"/>-th fingerprint belongs to.</summary>
    long FingerprintRow(DigestKind kind, int index);
}
