using Aegis.Hashing.Digests;

namespace Aegis.Hashing.Video;

/// <summary>Everything Aegis computes for one video: the vPDQ frame features and the file's MD5 and SHA-256.</summary>
public sealed record VideoHashes(IReadOnlyList<VpdqFeature> Features, FileDigests Digests, VideoInfo Info);
