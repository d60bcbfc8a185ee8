using System.Collections.Concurrent;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Video;
using Aegis.Server.Hosting;

namespace Aegis.Server.Gate;

/// <summary>
/// Hashes uploaded bytes under the server's limits, for the gate and the HMA routes alike: images in memory (a pool of
/// hashers, which keep their buffers), videos through a temporary file that ffmpeg reads (MP4 indexes may sit at the
/// end) and that lives only while hashing.
/// </summary>
internal sealed class MediaHasher(ServerOptions options)
{
    private readonly ConcurrentBag<ImageFileHasher> _hashers = [];
    private readonly ImageLimits _limits = new() { MaxPixels = options.MaxImagePixels, MaxFileBytes = options.MaxRequestBytes };
    private readonly VideoHasher _videos = new(new VideoOptions
    {
        SecondsPerHash = 1,
        MaxDuration = TimeSpan.FromSeconds(options.MaxVideoSeconds),
        Timeout = TimeSpan.FromSeconds(options.VideoTimeoutSeconds),
    });

    /// <exception cref="ImageDecodeException">The bytes are not an image Aegis can hash, or exceed the limits.</exception>
    public ImageHashes HashImage(ReadOnlySpan<byte> bytes)
    {
        var hasher = _hashers.TryTake(out var pooled) ? pooled : new ImageFileHasher(_limits);
        try
        {
            return hasher.Hash(bytes);
        }
        finally
        {
            _hashers.Add(hasher);
        }
    }

    /// <exception cref="VideoHashException">The video cannot be hashed; the message never names where ffmpeg read it.</exception>
    public Task<VideoHashes> HashVideoAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _videos.HashBytesAsync(bytes, cancellationToken);
}
