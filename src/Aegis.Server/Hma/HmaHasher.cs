using System.Security.Cryptography;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Server.Gate;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's hasher: computes the selected signal types of a photo (<c>pdq</c>, and <c>video_md5</c> when asked) or a
/// video (<c>video_md5</c>; <c>vpdq</c> with ffmpeg) with Aegis's hashers, under the server's limits.
/// </summary>
internal sealed class HmaHasher(MediaHasher hasher)
{
    /// <summary>The signals, keyed by HMA signal type name in sorted order.</summary>
    public async Task<SortedDictionary<string, string>> HashAsync(
        ReadOnlyMemory<byte> bytes, string contentType, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "The uploaded file is empty");
        }

        var signals = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (contentType == HmaSignalTypes.Photo && types.Contains(HmaSignalTypes.Pdq))
        {
            signals[HmaSignalTypes.Pdq] = await PdqAsync(bytes, cancellationToken);
        }

        VideoHashes? video = null;
        if (contentType == HmaSignalTypes.Video && types.Contains(HmaSignalTypes.Vpdq))
        {
            video = await HashVideoAsync(bytes, cancellationToken);
            signals[HmaSignalTypes.Vpdq] = VpdqSignal.SerializeCanonical(video.Features);
        }

        if (types.Contains(HmaSignalTypes.VideoMd5))
        {
            // A hashed video's digests came with it: the bytes are not read again for its MD5.
            signals[HmaSignalTypes.VideoMd5] = video?.Digests.Md5.ToString() ?? Convert.ToHexStringLower(MD5.HashData(bytes.Span));
        }

        return signals;
    }

    /// <summary>
    /// The photo's PDQ as python-threatexchange's <c>PdqSignal.hash_from_bytes</c> gives it: <c>""</c> when its quality is
    /// under 50, which is also what an image under 5 pixels a side gets (the reference hashes it to zero, quality 0).
    /// HMA's lookups and banks then refuse that empty signal as they refuse any invalid one.
    /// </summary>
    private async Task<string> PdqAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            var pdq = (await hasher.HashImageAsync(bytes, cancellationToken)).Pdq;
            return pdq.Quality < PdqResult.MinimumUsefulQuality ? "" : pdq.Hash.ToString();
        }
        catch (ImageDecodeException e) when (e.Kind == ImageErrorKind.TooSmall)
        {
            return "";
        }
        catch (ImageDecodeException e)
        {
            var status = e.Kind is ImageErrorKind.TooLarge or ImageErrorKind.FileTooLarge
                ? StatusCodes.Status413PayloadTooLarge
                : StatusCodes.Status400BadRequest;
            throw new HmaException(status, "Could not hash the photo: " + e.Message);
        }
    }

    private async Task<VideoHashes> HashVideoAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            return await hasher.HashVideoAsync(bytes, cancellationToken);
        }
        catch (VideoHashException e)
        {
            var status = e.Kind switch
            {
                VideoErrorKind.FfmpegMissing => StatusCodes.Status503ServiceUnavailable,
                VideoErrorKind.TooLarge or VideoErrorKind.TooLong => StatusCodes.Status413PayloadTooLarge,
                _ => StatusCodes.Status400BadRequest,
            };
            throw new HmaException(status, "Could not hash the video: " + e.Message);
        }
    }
}
