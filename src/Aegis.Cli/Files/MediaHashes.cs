using Aegis.Hashing.Digests;
using Aegis.Hashing.Files;
using Aegis.Hashing.Video;

namespace Aegis.Cli.Files;

/// <summary>What hashing one file gave: an image's hashes, a video's, or why neither.</summary>
internal sealed record MediaHashes(ImageHashes? Image, VideoHashes? Video, string? Error)
{
    public FileDigests? Digests => Image?.Digests ?? Video?.Digests;

    public static MediaHashes Failed(string error) => new(null, null, error);
}
