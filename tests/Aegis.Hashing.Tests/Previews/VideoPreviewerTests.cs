using Aegis.Hashing.Previews;
using Aegis.Hashing.Tests.Video;
using Aegis.Hashing.Video;

namespace Aegis.Hashing.Tests.Previews;

/// <summary>
/// A video's strip of blurred frame thumbnails and a single frame, from benign videos made here with ffmpeg: a 6-second
/// ramp whose brightness tells the time (so each thumbnail can be checked to be the frame of its timestamp), with a
/// sound track that is never decoded. Bad input, limits and timeouts end in a clear error with no ffmpeg left running.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class VideoPreviewerTests : IAsyncLifetime
{
    /// <summary>
    /// How far a frame's mean brightness may be from the ramp's value at its time: the encoder's and the range
    /// conversion's rounding (measured: 0.5–1 level below); one frame early or late is off by 4.2, a second by 42.
    /// </summary>
    private const double BrightnessTolerance = 3;

    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-previews-").FullName;
    private string _rampPath = "";
    private byte[] _ramp = [];

    public async Task InitializeAsync()
    {
        // 160×120, 10 fps, 6 s; luma 16 + 36·t (limited range), i.e. 41.9·t on a full-range screen; a key frame a second.
        var path = _rampPath = Path.Combine(_dir, "ramp.mp4");
        await RunFfmpegAsync(
            "-f", "lavfi", "-i", "color=c=black:s=160x120:r=10:d=6,format=yuv420p,geq=lum='16+36*T':cb=128:cr=128",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
            "-c:v", "libx264", "-g", "10", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path);
        _ramp = await File.ReadAllBytesAsync(path);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_strip_has_its_frames_evenly_spaced_each_the_frame_of_its_time()
    {
        var strip = await new VideoPreviewer().StripAsync(_ramp, PreviewOptions.Default with { MaxLongSide = 128 }, frames: 6);

        Assert.Equal([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], strip.Frames.Select(f => Math.Round(f.At.TotalSeconds, 3)));
        Assert.Equal([0, 128, 256, 384, 512, 640], strip.Frames.Select(f => f.X));
        Assert.All(strip.Frames, f => Assert.Equal((128, 96), (f.Width, f.Height)));
        Assert.Equal((768, 96), (strip.Width, strip.Height));
        Assert.Equal((160, 120), (strip.Video.Width, strip.Video.Height));
        var pixels = PreviewRendererTests.Decode(strip.Jpeg);
        foreach (var frame in strip.Frames)
        {
            Assert.InRange(MeanBrightness(pixels, strip.Width, frame), Ramp(frame.At) - BrightnessTolerance, Ramp(frame.At) + BrightnessTolerance);
        }
    }

    [Fact]
    public async Task One_ffmpeg_run_gives_every_frame_of_a_strip_in_order()
    {
        var times = new[] { 0.5, 2.5, 4.5 }.Select(TimeSpan.FromSeconds).ToList();

        using var frames = await new FrameGrabber(VideoOptions.Default).TogetherAsync(_rampPath, times, 64, default, default);

        Assert.NotNull(frames);
        Assert.Equal(3, frames.Count);
        for (var i = 0; i < times.Count; i++)
        {
            using var image = new Hashing.Imaging.ImageDecoder().Decode(frames[i]);
            Assert.Equal((64, 48), (image.Width, image.Height));
            var brightness = image.Pixels.ToArray().Where((_, j) => j % 4 == 0).Average(b => (double)b);
            Assert.InRange(brightness, Ramp(times[i]) - BrightnessTolerance, Ramp(times[i]) + BrightnessTolerance);
        }

        // A time past the end leaves that input without a frame: no answer, and the strip asks frame by frame instead.
        Assert.Null(await new FrameGrabber(VideoOptions.Default).TogetherAsync(_rampPath, [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)], 64, default, default));
    }

    [Fact]
    public async Task A_video_whose_frame_size_changes_midway_still_gets_its_strip_frame_by_frame()
    {
        // Two Motion-JPEG clips, landscape then portrait, joined into one AVI: each frame carries its own size.
        foreach (var (size, name) in new[] { ("160x120", "wide.avi"), ("120x160", "tall.avi") })
        {
            await RunFfmpegAsync("-f", "lavfi", "-i", $"testsrc2=size={size}:rate=10:d=2", "-c:v", "mjpeg", "-q:v", "5", Path.Combine(_dir, name));
        }

        await File.WriteAllTextAsync(Path.Combine(_dir, "parts.txt"), "file 'wide.avi'\nfile 'tall.avi'\n");
        await RunFfmpegAsync("-f", "concat", "-i", Path.Combine(_dir, "parts.txt"), "-c", "copy", Path.Combine(_dir, "both.avi"));
        var both = await File.ReadAllBytesAsync(Path.Combine(_dir, "both.avi"));

        var strip = await new VideoPreviewer().StripAsync(both, PreviewOptions.Default with { MaxLongSide = 64 }, frames: 4);

        Assert.Equal(4, strip.Frames.Count);
        Assert.Equal([(64, 48), (64, 48), (48, 64), (48, 64)], strip.Frames.Select(f => (f.Width, f.Height)));
        Assert.Equal((64 + 64 + 48 + 48, 64), (strip.Width, strip.Height));
    }

    [Fact]
    public async Task A_strip_is_blurred_and_grey_like_an_image_preview()
    {
        // A test pattern has sharp edges to lose.
        var pattern = await File.ReadAllBytesAsync(VpdqVectorTests.VideoPath("pattern-sd-grey-bar"));
        var previewer = new VideoPreviewer();

        var blurred = await previewer.StripAsync(pattern, PreviewOptions.Default, frames: 3);
        var sharp = await previewer.StripAsync(pattern, PreviewOptions.Default with { BlurSigma = 0 }, frames: 3);
        var colour = await previewer.StripAsync(pattern, PreviewOptions.Revealed, frames: 3);

        var pixels = PreviewRendererTests.Decode(blurred.Jpeg);
        Assert.All(Enumerable.Range(0, pixels.Length / 4), i => Assert.True(pixels[4 * i] == pixels[(4 * i) + 1] && pixels[(4 * i) + 1] == pixels[(4 * i) + 2]));
        var blurredEnergy = PreviewRendererTests.HighFrequencyEnergy(new ImagePreview(blurred.Jpeg, blurred.Width, blurred.Height, 0, 0));
        var sharpEnergy = PreviewRendererTests.HighFrequencyEnergy(new ImagePreview(sharp.Jpeg, sharp.Width, sharp.Height, 0, 0));
        Assert.True(blurredEnergy < sharpEnergy / 20, $"blurred {blurredEnergy:N1} against {sharpEnergy:N1}");
        Assert.Equal((sharp.Width, sharp.Height), (colour.Width, colour.Height));
    }

    [Fact]
    public async Task One_frame_is_the_frame_at_its_time_and_never_enlarged()
    {
        var frame = await new VideoPreviewer().FrameAsync(_ramp, TimeSpan.FromSeconds(3), PreviewOptions.Revealed);

        Assert.Equal((160, 120, 160, 120), (frame.Width, frame.Height, frame.SourceWidth, frame.SourceHeight));
        var brightness = PreviewRendererTests.Decode(frame.Jpeg).Where((_, i) => i % 4 == 0).Average(b => (double)b);
        Assert.InRange(brightness, Ramp(TimeSpan.FromSeconds(3)) - BrightnessTolerance, Ramp(TimeSpan.FromSeconds(3)) + BrightnessTolerance);
    }

    [Fact]
    public async Task A_time_past_the_end_has_no_frame()
    {
        var error = await Assert.ThrowsAsync<VideoHashException>(() => new VideoPreviewer().FrameAsync(_ramp, TimeSpan.FromSeconds(60), PreviewOptions.Default));

        Assert.Equal(VideoErrorKind.Empty, error.Kind);
        Assert.Contains("no frame at 60 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_are_the_middles_of_equal_parts_on_frame_times()
    {
        var sixSeconds = new VideoInfo(160, 120, 10, TimeSpan.FromSeconds(6), 60);
        var threeFrames = new VideoInfo(160, 120, 10, TimeSpan.FromSeconds(0.3), 3);
        var unknown = new VideoInfo(160, 120, 25, null, null);

        Assert.Equal([1.5, 4.5], VideoPreviewer.Timestamps(sixSeconds, 2).Select(t => Math.Round(t.TotalSeconds, 3)));
        Assert.Equal([0, 0.1, 0.2], VideoPreviewer.Timestamps(threeFrames, 6).Select(t => Math.Round(t.TotalSeconds, 3)));
        Assert.Equal([TimeSpan.Zero], VideoPreviewer.Timestamps(unknown, 6));
    }

    [Fact]
    public async Task Bad_videos_and_limits_are_clear_errors_that_never_name_the_memory_file()
    {
        var text = await Assert.ThrowsAsync<VideoHashException>(() => new VideoPreviewer().StripAsync("just some text"u8.ToArray(), PreviewOptions.Default));
        Assert.Equal(VideoErrorKind.NotAVideo, text.Kind);
        Assert.DoesNotContain("/proc/", text.Message, StringComparison.Ordinal);

        var large = await Assert.ThrowsAsync<VideoHashException>(() => new VideoPreviewer(new VideoOptions { MaxFramePixels = 10_000 }).StripAsync(_ramp, PreviewOptions.Default));
        Assert.Equal(VideoErrorKind.TooLarge, large.Kind);
        Assert.Contains("160×120", large.Message, StringComparison.Ordinal);

        var tooLong = await Assert.ThrowsAsync<VideoHashException>(() => new VideoPreviewer(new VideoOptions { MaxDuration = TimeSpan.FromSeconds(2) }).StripAsync(_ramp, PreviewOptions.Default));
        Assert.Equal(VideoErrorKind.TooLong, tooLong.Kind);

        var missing = await Assert.ThrowsAsync<VideoHashException>(() => new VideoPreviewer(new VideoOptions { Ffmpeg = "/nonexistent/ffmpeg", Ffprobe = "/nonexistent/ffprobe" }).StripAsync(_ramp, PreviewOptions.Default));
        Assert.Equal(VideoErrorKind.FfmpegMissing, missing.Kind);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new VideoPreviewer().StripAsync(_ramp, PreviewOptions.Default, frames: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new VideoPreviewer().StripAsync(_ramp, PreviewOptions.Default, frames: VideoPreviewer.MaxFrames + 1));
    }

    [Fact]
    public async Task A_truncated_video_fails_cleanly_or_shows_what_it_has()
    {
        try
        {
            var strip = await new VideoPreviewer().StripAsync(_ramp.AsMemory(0, _ramp.Length / 2), PreviewOptions.Default);
            Assert.NotEmpty(strip.Frames);
        }
        catch (VideoHashException e)
        {
            Assert.DoesNotContain("/proc/", e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(FfmpegChildren());
    }

    [Fact]
    public async Task An_ffmpeg_past_the_timeout_is_stopped_and_leaves_no_process()
    {
        var previewer = new VideoPreviewer(new VideoOptions { Timeout = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<VideoHashException>(() => previewer.StripAsync(_ramp, PreviewOptions.Default));

        Assert.Equal(VideoErrorKind.Timeout, error.Kind);
        Assert.Empty(FfmpegChildren());
    }

    private static async Task RunFfmpegAsync(params string[] args)
    {
        var ffmpeg = await ChildProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", .. args]);
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.Error);
    }

    /// <summary>The ramp's full-range brightness at <paramref name="at"/>.</summary>
    private static double Ramp(TimeSpan at) => 36 * at.TotalSeconds * 255 / 219;

    private static double MeanBrightness(byte[] rgba, int stripWidth, StripFrame frame)
    {
        double sum = 0;
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = frame.X; x < frame.X + frame.Width; x++)
            {
                sum += rgba[((y * stripWidth) + x) * 4];
            }
        }

        return sum / (frame.Width * frame.Height);
    }

    /// <summary>ffmpeg and ffprobe processes whose parent is this test process.</summary>
    private static List<string> FfmpegChildren()
    {
        var children = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (parent == Environment.ProcessId && name is "ffmpeg" or "ffprobe")
                {
                    children.Add($"{name} {Path.GetFileName(dir)}");
                }
            }
            catch (IOException)
            {
                // exited meanwhile
            }
            catch (Exception e) when (e is UnauthorizedAccessException or FormatException)
            {
                // not a process directory
            }
        }

        return children;
    }
}
