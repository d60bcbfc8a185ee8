using System.Globalization;
using System.Security.Cryptography;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Memory;
using Aegis.Hashing.Pdq;

namespace Aegis.Hashing.Video;

/// <summary>
/// vPDQ through the real ffmpeg: frames are decoded by ffmpeg and streamed as raw RGB24 into PDQ
/// (never written to disk), one frame every <see cref="VideoOptions.SecondsPerHash"/> as the
/// reference selects them (frame n is hashed when n mod ⌊seconds × fps⌋ = 0; timestamp n / fps).
/// ffmpeg is run with passthrough timing (every decoded frame once, none duplicated), no
/// auto-rotation and area scaling, like the reference's libav pipeline. Thread-safe.
/// </summary>
public sealed class VideoHasher
{
    /// <summary>Decoding fewer than this share of the declared frames counts as damage (containers round their counts).</summary>
    private const double MinimumDecodedShare = 0.9;

    private readonly VideoOptions _options;
    private readonly DecodeBudget? _budget;

    /// <param name="options">Limits and ffmpeg (<see cref="VideoOptions.Default"/> when null).</param>
    /// <param name="budget">
    /// Where the frame buffers are reserved from, once the probe has given their size and before any is allocated (see
    /// <see cref="MemoryNeeded"/>); null reserves nothing.
    /// </param>
    public VideoHasher(VideoOptions? options = null, DecodeBudget? budget = null)
    {
        _options = options ?? VideoOptions.Default;
        _options.Validate();
        _budget = budget;
    }

    /// <summary>
    /// What hashing holds in this process for frames of <paramref name="width"/> × <paramref name="height"/>: the RGB24
    /// frame being read from ffmpeg's pipe and PDQ's working memory. ffmpeg's own memory is its process's, not counted.
    /// </summary>
    public static long MemoryNeeded(int width, int height) => (3L * width * height) + PdqHasher.WorkingBytes(width, height);

    /// <summary>
    /// Hashes a video held in memory (an upload): ffmpeg reads it from an anonymous memory file, never from disk where the
    /// system allows (see <see cref="VideoBytesFile"/>). Error messages say "the video" where they would name the file.
    /// </summary>
    /// <exception cref="VideoHashException">Not a hashable video within the limits, or ffmpeg failed.</exception>
    public async Task<VideoHashes> HashBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        using var file = VideoBytesFile.Create(bytes.Span);
        return await HashAsync(file, Task.Run(() => FileDigests.Of(bytes), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Hashes a video held in memory whose <paramref name="digests"/> the caller has already computed (the gate looks
    /// them up in the banks before anything is decoded); they are not computed again.
    /// </summary>
    /// <exception cref="VideoHashException">Not a hashable video within the limits, or ffmpeg failed.</exception>
    public async Task<VideoHashes> HashBytesAsync(ReadOnlyMemory<byte> bytes, FileDigests digests, CancellationToken cancellationToken = default)
    {
        using var file = VideoBytesFile.Create(bytes.Span);
        return await HashAsync(file, Task.FromResult(digests), cancellationToken);
    }

    /// <summary>Hashes an upload's memory file; the digests are computed beside the probe (or were known).</summary>
    private async Task<VideoHashes> HashAsync(VideoBytesFile file, Task<FileDigests> digesting, CancellationToken cancellationToken)
    {
        try
        {
            return await HashFileAsync(file.Path, digesting, cancellationToken);
        }
        catch (VideoHashException e) when (e.Message.Contains(file.Path, StringComparison.Ordinal))
        {
            throw new VideoHashException(e.Kind, e.Message.Replace(file.Path, "the video", StringComparison.Ordinal), e);
        }
        finally
        {
            // The digests read the caller's bytes: never let them outlive this call (a refused video returns early).
            await ((Task)digesting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Hashes the video at <paramref name="path"/>.</summary>
    /// <exception cref="VideoHashException">Not a hashable video within the limits, or ffmpeg failed.</exception>
    public Task<VideoHashes> HashFileAsync(string path, CancellationToken cancellationToken = default) =>
        HashFileAsync(path, DigestAsync(path, cancellationToken), cancellationToken);

    private async Task<VideoHashes> HashFileAsync(string path, Task<FileDigests> digesting, CancellationToken cancellationToken)
    {
        // The file's digests, ffprobe's look at the header and ffmpeg's start are independent: run
        // them together. ffmpeg opens the input, then waits for its filter graph on stdin, which
        // needs the frame rate and the limits checked; where it cannot (see FfmpegFilterInput),
        // it starts after the probe with the graph on its command line.
        var probing = VideoProbe.ProbeAsync(path, _options, cancellationToken);
        var early = await FfmpegFilterInput.ReadsScriptFromStdinAsync(_options.Ffmpeg);
        using var started = early ? FfmpegProcess.Start(_options.Ffmpeg, Arguments(path, ["-filter_script:v", "pipe:0"]), keepInput: true) : null;
        var info = await probing;
        var digests = await digesting;
        CheckLimits(info, _options);
        var width = _options.DownsampleWidth > 0 ? _options.DownsampleWidth : info.Width;
        var height = _options.DownsampleHeight > 0 ? _options.DownsampleHeight : info.Height;
        var frameMod = Math.Max(1, (int)(_options.SecondsPerHash * info.FrameRate));
        var filters = Filters(width, height, frameMod);
        using var late = started is null ? FfmpegProcess.Start(_options.Ffmpeg, Arguments(path, ["-vf", filters])) : null;
        var ffmpeg = started ?? late!;
        if (started is not null)
        {
            await started.SendInputAsync(filters, cancellationToken);
        }

        using var lease = _budget is null ? DecodeLease.None : await _budget.ReserveAsync(MemoryNeeded(width, height), cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var features = new List<VpdqFeature>();
        using var frame = new RentedBuffer<byte>(width * height * 3);
        var hasher = new PdqHasher();
        var framesRead = 0;
        try
        {
            while (await ReadFrameAsync(ffmpeg.Output, frame.Memory, timeout.Token))
            {
                var frameNumber = framesRead * frameMod;
                var pdq = hasher.Hash(frame.Span, width, height, PixelLayout.Rgb24);
                features.Add(new VpdqFeature(pdq.Hash, frameNumber, pdq.Quality, (float)frameNumber / (float)info.FrameRate));
                framesRead++;
            }

            if (await ffmpeg.WaitAsync(timeout.Token) != 0)
            {
                throw new VideoHashException(VideoErrorKind.Corrupt, $"The video could not be decoded to the end: {VideoProbe.Describe(ffmpeg.ErrorText)}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VideoHashException(VideoErrorKind.Timeout, $"ffmpeg did not finish within {_options.Timeout.TotalSeconds:N0} s; stopped.");
        }
        catch (EndOfStreamException)
        {
            throw new VideoHashException(VideoErrorKind.Corrupt, $"ffmpeg stopped in the middle of a frame: {VideoProbe.Describe(ffmpeg.ErrorText)}");
        }

        if (features.Count == 0)
        {
            throw new VideoHashException(VideoErrorKind.Empty, "The video has no frames.");
        }

        // ffmpeg decodes what it can of a damaged file and still exits 0: fewer frames than the
        // stream declares means the hashes would cover only part of the video.
        if (info.FrameCount is { } declared && framesRead < MinimumDecodedShare * ((declared + frameMod - 1) / frameMod))
        {
            throw new VideoHashException(
                VideoErrorKind.Corrupt,
                $"The video is truncated or damaged: {framesRead * frameMod:N0} of {declared:N0} frames could be decoded ({VideoProbe.Describe(ffmpeg.ErrorText)}).");
        }

        return new VideoHashes(features, digests, info);
    }

    /// <summary>The filter graph: the reference's frame selection, then area scaling to RGB24.</summary>
    private static string Filters(int width, int height, int frameMod)
    {
        var scale = string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=area,format=rgb24");
        return frameMod > 1 ? string.Create(CultureInfo.InvariantCulture, $"select='not(mod(n\\,{frameMod}))',{scale}") : scale;
    }

    /// <summary>ffmpeg's arguments, with <paramref name="filterArguments"/> giving the filter graph or where to read it.</summary>
    private static IEnumerable<string> Arguments(string path, string[] filterArguments) =>
    [
        "-nostdin", "-hide_banner", "-v", "error", "-noautorotate", "-i", path,
        "-map", "0:v:0", "-fps_mode", "passthrough", "-sws_flags", "area",
        .. filterArguments, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
    ];

    /// <summary>Refuses, from the probe alone, frames over the pixel limit and videos over the duration limit.</summary>
    internal static void CheckLimits(VideoInfo info, VideoOptions options)
    {
        var pixels = (long)info.Width * info.Height;
        if (pixels > options.MaxFramePixels)
        {
            throw new VideoHashException(VideoErrorKind.TooLarge, $"The video's frames are {info.Width}×{info.Height} = {pixels:N0} pixels, over the limit of {options.MaxFramePixels:N0}; not decoded.");
        }

        if (info.Duration > options.MaxDuration)
        {
            throw new VideoHashException(VideoErrorKind.TooLong, $"The video lasts {info.Duration:g}, over the limit of {options.MaxDuration:g}; not decoded.");
        }
    }

    private static async Task<bool> ReadFrameAsync(Stream stream, Memory<byte> frame, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < frame.Length)
        {
            var n = await stream.ReadAsync(frame[read..], cancellationToken);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException();
            }

            read += n;
        }

        return true;
    }

    private static async Task<FileDigests> DigestAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            sha.AppendData(buffer, 0, read);
        }

        return new FileDigests(Md5Hash.FromBytes(md5.GetHashAndReset()), Sha256Hash.FromBytes(sha.GetHashAndReset()));
    }
}
