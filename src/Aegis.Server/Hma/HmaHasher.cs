using System.Collections.Concurrent;
using System.Security.Cryptography;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's hasher: computes the selected signal types of a photo (<c>pdq</c>, and <c>video_md5</c> when asked) or a
/// video (<c>video_md5</c>; <c>vpdq</c> with ffmpeg) with Aegis's hashers, under the server's limits.
/// </summary>
internal sealed class HmaHasher(ServerOptions options)
{
    private readonly ConcurrentBag<ImageFileHasher> _hashers = [];
    private readonly ImageLimits _limits = new() { MaxPixels = options.MaxImagePixels, MaxFileBytes = options.MaxRequestBytes };
    private readonly VideoHasher _videos = new(new VideoOptions
    {
        SecondsPerHash = 1,
        MaxDuration = TimeSpan.FromSeconds(options.MaxVideoSeconds),
        Timeout = TimeSpan.FromSeconds(options.VideoTimeoutSeconds),
    });

    /// <summary>The signals, keyed by HMA signal type name in sorted order.</summary>
    public async Task<SortedDictionary<string, string>> HashAsync(
        ReadOnlyMemory<byte> bytes, string contentType, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "The uploaded file is empty");
        }

        var signals = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (types.Contains(HmaSignalTypes.VideoMd5))
        {
            signals[HmaSignalTypes.VideoMd5] = Convert.ToHexStringLower(MD5.HashData(bytes.Span));
        }

        if (contentType == HmaSignalTypes.Photo && types.Contains(HmaSignalTypes.Pdq))
        {
            signals[HmaSignalTypes.Pdq] = HashImage(bytes.Span).Pdq.Hash.ToString();
        }

        if (contentType == HmaSignalTypes.Video && types.Contains(HmaSignalTypes.Vpdq))
        {
            signals[HmaSignalTypes.Vpdq] = VpdqSignal.SerializeCanonical((await HashVideoAsync(bytes, cancellationToken)).Features);
        }

        return signals;
    }

    private ImageHashes HashImage(ReadOnlySpan<byte> bytes)
    {
        var hasher = _hashers.TryTake(out var pooled) ? pooled : new ImageFileHasher(_limits);
        try
        {
            return hasher.Hash(bytes);
        }
        catch (ImageDecodeException e)
        {
            var status = e.Kind is ImageErrorKind.TooLarge or ImageErrorKind.FileTooLarge
                ? StatusCodes.Status413PayloadTooLarge
                : StatusCodes.Status400BadRequest;
            throw new HmaException(status, "Could not hash the photo: " + e.Message);
        }
        finally
        {
            _hashers.Add(hasher);
        }
    }

    private async Task<VideoHashes> HashVideoAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        // ffmpeg reads a file (MP4 indexes may sit at the end); it lives only while hashing.
        var path = Path.Combine(Path.GetTempPath(), "aegis-hma-" + Guid.NewGuid().ToString("N"));
        try
        {
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            return await _videos.HashFileAsync(path, cancellationToken);
        }
        catch (VideoHashException e)
        {
            var status = e.Kind switch
            {
                VideoErrorKind.FfmpegMissing => StatusCodes.Status503ServiceUnavailable,
                VideoErrorKind.TooLarge or VideoErrorKind.TooLong => StatusCodes.Status413PayloadTooLarge,
                _ => StatusCodes.Status400BadRequest,
            };
            throw new HmaException(status, "Could not hash the video: " + e.Message.Replace(path, "the upload", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
