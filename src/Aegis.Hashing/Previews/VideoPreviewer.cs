using Aegis.Hashing.Imaging;
using Aegis.Hashing.Video;
using SkiaSharp;

namespace Aegis.Hashing.Previews;

/// <summary>
/// Previews of a video for a reviewer, through the same ffprobe and ffmpeg paths and limits as hashing: the video is
/// held in an anonymous memory file (<see cref="VideoBytesFile"/>), probed and refused from its header when over the
/// frame-size or duration limit, and every ffmpeg run is stopped (its whole process tree) at
/// <see cref="VideoOptions.Timeout"/>. A strip is K frames evenly spaced over the duration (the middles of K equal
/// parts, so neither a black first frame nor a missing last one), each found by seeking (<see cref="FrameGrabber"/>: the
/// cost is K key-frame intervals of decoding however long the video is), turned upright, fitted into the preview's long
/// side (never enlarged), blurred and made grey like an image preview. Audio is never decoded. Thread-safe.
/// </summary>
public sealed class VideoPreviewer
{
    /// <summary>Frames in a strip unless told otherwise.</summary>
    public const int DefaultFrames = 6;

    /// <summary>The most frames a strip may have.</summary>
    public const int MaxFrames = 24;

    private readonly VideoOptions _options;
    private readonly PreviewRenderer _renderer;
    private readonly FrameGrabber _grabber;

    /// <param name="options">Limits and ffmpeg (<see cref="VideoOptions.Default"/> when null).</param>
    /// <param name="limits">Limits for the frames ffmpeg hands over (<see cref="ImageLimits.Default"/> when null).</param>
    public VideoPreviewer(VideoOptions? options = null, ImageLimits? limits = null)
    {
        _options = options ?? VideoOptions.Default;
        _options.Validate();
        _renderer = new PreviewRenderer(limits);
        _grabber = new FrameGrabber(_options);
    }

    /// <summary>
    /// <paramref name="frames"/> frames of <paramref name="video"/>, evenly spaced, each drawn as
    /// <paramref name="options"/> say (at most <see cref="PreviewOptions.MaxLongSide"/> on its long side), side by side in
    /// one JPEG. A video shorter than <paramref name="frames"/> frames gives as many as it has.
    /// </summary>
    /// <exception cref="VideoHashException">Not a readable video within the limits, or ffmpeg failed or took too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options or the frame count are not valid.</exception>
    public async Task<FrameStrip> StripAsync(ReadOnlyMemory<byte> video, PreviewOptions options, int frames = DefaultFrames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frames, MaxFrames);
        using var file = VideoBytesFile.Create(video.Span);
        return await NamingTheVideoAsync(file, async () =>
        {
            var info = await ProbeAsync(file.Path, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            var times = Timestamps(info, frames);
            var longSide = FrameLongSide(info, options);
            var drawn = new List<(TimeSpan At, DrawnImage Image)>();
            try
            {
                using (var together = times.Count > 1 ? await _grabber.TogetherAsync(file.Path, times, longSide, timeout.Token, cancellationToken) : null)
                {
                    for (var i = 0; i < (together?.Count ?? 0); i++)
                    {
                        drawn.Add((times[i], Draw(together![i], options)));
                    }
                }

                if (drawn.Count == 0)
                {
                    foreach (var at in times)
                    {
                        using var one = await _grabber.OneAsync(file.Path, at, longSide, timeout.Token, cancellationToken);
                        if (one is not null)
                        {
                            drawn.Add((at, Draw(one[0], options)));
                        }
                    }
                }

                return drawn.Count > 0 ? Compose(drawn, options, info) : throw new VideoHashException(VideoErrorKind.Empty, "The video has no frames.");
            }
            finally
            {
                foreach (var (_, image) in drawn)
                {
                    image.Dispose();
                }
            }
        });
    }

    /// <summary>
    /// The frame of <paramref name="video"/> shown at <paramref name="at"/> (from its start), drawn as
    /// <paramref name="options"/> say: <see cref="PreviewOptions.Revealed"/> for the frame as it is.
    /// </summary>
    /// <exception cref="VideoHashException">Not a readable video within the limits, no frame at that time, or ffmpeg failed or took too long.</exception>
    public async Task<ImagePreview> FrameAsync(ReadOnlyMemory<byte> video, TimeSpan at, PreviewOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(at, TimeSpan.Zero);
        using var file = VideoBytesFile.Create(video.Span);
        return await NamingTheVideoAsync(file, async () =>
        {
            var info = await ProbeAsync(file.Path, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var frame = await _grabber.OneAsync(file.Path, at, FrameLongSide(info, options), timeout.Token, cancellationToken)
                ?? throw new VideoHashException(VideoErrorKind.Empty, $"The video has no frame at {FrameGrabber.Seconds(at)} s (it is shorter).");
            using var image = Draw(frame[0], options);
            return PreviewRenderer.Encode(image.Bitmap, options, info.Width, info.Height);
        });
    }

    /// <summary>
    /// When the strip's frames are: the middle of each of <paramref name="frames"/> equal parts of the duration, on a
    /// frame's time (ffmpeg seeks to the first frame at or after it); one at the start when the duration is unknown.
    /// </summary>
    internal static IReadOnlyList<TimeSpan> Timestamps(VideoInfo info, int frames)
    {
        var seconds = info.Duration?.TotalSeconds ?? (info.FrameCount is { } count ? count / info.FrameRate : 0);
        if (!(seconds > 0))
        {
            return [TimeSpan.Zero];
        }

        var times = new SortedSet<TimeSpan>();
        for (var i = 0; i < frames; i++)
        {
            var frame = Math.Floor(seconds * ((2 * i) + 1) / (2 * frames) * info.FrameRate);
            times.Add(TimeSpan.FromSeconds(frame / info.FrameRate));
        }

        return [.. times];
    }

    private async Task<VideoInfo> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var info = await VideoProbe.ProbeAsync(path, _options, cancellationToken);
        VideoHasher.CheckLimits(info, _options);
        return info;
    }

    /// <summary>The long side frames are fitted into: the preview's, or the video's own when smaller (never enlarged).</summary>
    private static int FrameLongSide(VideoInfo info, PreviewOptions options) => Math.Min(options.MaxLongSide, Math.Max(info.Width, info.Height));

    /// <summary>A frame ffmpeg handed over, fitted already, blurred as the options say.</summary>
    private DrawnImage Draw(ReadOnlySpan<byte> bmp, PreviewOptions options)
    {
        try
        {
            return _renderer.Draw(bmp, options.MaxLongSide, options);
        }
        catch (ImageDecodeException e)
        {
            throw new VideoHashException(VideoErrorKind.Corrupt, $"ffmpeg gave a frame that cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The drawn frames side by side (each centred in the tallest's height), encoded; the strip's pixels are scrubbed.</summary>
    private static FrameStrip Compose(List<(TimeSpan At, DrawnImage Image)> drawn, PreviewOptions options, VideoInfo info)
    {
        var width = drawn.Sum(d => d.Image.Bitmap.Width);
        var height = drawn.Max(d => d.Image.Bitmap.Height);
        var frames = new List<StripFrame>(drawn.Count);
        var strip = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        try
        {
            using (var canvas = new SKCanvas(strip))
            {
                canvas.Clear(PreviewRenderer.Background);
                var x = 0;
                foreach (var (at, image) in drawn)
                {
                    var bitmap = image.Bitmap;
                    bitmap.SetImmutable(); // drawn from where it is, not copied
                    canvas.DrawBitmap(bitmap, x, (height - bitmap.Height) / 2, SKSamplingOptions.Default, null);
                    frames.Add(new StripFrame(at, x, bitmap.Width, bitmap.Height));
                    x += bitmap.Width;
                }

                canvas.Flush();
            }

            return new FrameStrip(PreviewRenderer.Encode(strip, options, width, height).Jpeg, width, height, frames, info);
        }
        finally
        {
            PreviewRenderer.Scrub(strip);
        }
    }

    /// <summary>Runs <paramref name="work"/>; its errors say "the video" where ffmpeg named the memory file.</summary>
    private static async Task<T> NamingTheVideoAsync<T>(VideoBytesFile file, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (VideoHashException e) when (e.Message.Contains(file.Path, StringComparison.Ordinal))
        {
            throw new VideoHashException(e.Kind, e.Message.Replace(file.Path, "the video", StringComparison.Ordinal), e);
        }
    }
}
