using System.Collections.Concurrent;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Memory;
using Aegis.Hashing.Video;
using Aegis.Server.Hosting;

namespace Aegis.Server.Gate;

/// <summary>
/// Hashes uploaded bytes under the server's limits, for the gate and the HMA routes alike: images in memory (a pool of
/// hashers, which keep their buffers), videos through a temporary file that ffmpeg reads (MP4 indexes may sit at the
/// end) and that lives only while hashing. Both take what decoding holds from the node's one <see cref="DecodeBudget"/>,
/// reserved from the header before anything the size of the image or frame is allocated.
/// </summary>
internal sealed class MediaHasher
{
    private readonly ConcurrentBag<ImageFileHasher> _hashers = [];
    private readonly ImageLimits _limits;
    private readonly DecodeBudget _budget;
    private readonly VideoHasher _videos;

    public MediaHasher(ServerOptions options, TimeProvider time)
    {
        _limits = new() { MaxPixels = options.MaxImagePixels, MaxFileBytes = options.MaxRequestBytes };
        _budget = new DecodeBudget(options.Decode.EffectiveBudgetBytes(), TimeSpan.FromSeconds(options.Decode.WaitSeconds), time);
        _videos = new VideoHasher(
            new VideoOptions
            {
                SecondsPerHash = 1,
                MaxDuration = TimeSpan.FromSeconds(options.MaxVideoSeconds),
                Timeout = TimeSpan.FromSeconds(options.VideoTimeoutSeconds),
            },
            _budget);
    }

    /// <summary>The node's decode budget.</summary>
    public DecodeBudget Budget => _budget;

    /// <exception cref="ImageDecodeException">The bytes are not an image Aegis can hash, or exceed the limits.</exception>
    /// <exception cref="DecodeBudgetException">Decoding it needs more than the budget, or its share did not come free in time.</exception>
    public async Task<ImageHashes> HashImageAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var hasher = _hashers.TryTake(out var pooled) ? pooled : new ImageFileHasher(_limits);
        try
        {
            using var lease = await _budget.ReserveAsync(hasher.MemoryNeeded(bytes.Span), cancellationToken);
            return hasher.Hash(bytes.Span);
        }
        finally
        {
            _hashers.Add(hasher);
        }
    }

    /// <exception cref="VideoHashException">The video cannot be hashed; the message never names where ffmpeg read it.</exception>
    /// <exception cref="DecodeBudgetException">Its frames need more than the budget, or their share did not come free in time.</exception>
    public Task<VideoHashes> HashVideoAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _videos.HashBytesAsync(bytes, cancellationToken);

    /// <summary>Hashes a video whose digests were computed already (<see cref="FileDigests.Of"/>).</summary>
    /// <exception cref="VideoHashException">The video cannot be hashed; the message never names where ffmpeg read it.</exception>
    /// <exception cref="DecodeBudgetException">Its frames need more than the budget, or their share did not come free in time.</exception>
    public Task<VideoHashes> HashVideoAsync(ReadOnlyMemory<byte> bytes, FileDigests digests, CancellationToken cancellationToken) =>
        _videos.HashBytesAsync(bytes, digests, cancellationToken);
}
