using Aegis.Hashing.Memory;
using Aegis.Hashing.Tests.Support;
using Aegis.Hashing.Video;

namespace Aegis.Hashing.Tests.Video;

/// <summary>Damaged, empty, audio-only, oversized and slow videos: each a clear VideoHashException, no process left behind.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class VideoBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-video-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_empty_file_is_not_a_video()
    {
        var path = Write("empty.mp4", []);

        var error = await Assert.ThrowsAsync<VideoHashException>(() => new VideoHasher().HashFileAsync(path));

        Assert.Equal(VideoErrorKind.NotAVideo, error.Kind);
    }

    [Fact]
    public async Task Text_named_mp4_is_not_a_video()
    {
        var path = Write("notes.mp4", "just some text, not a video at all"u8.ToArray());

        var error = await Assert.ThrowsAsync<VideoHashException>(() => new VideoHasher().HashFileAsync(path));

        Assert.Equal(VideoErrorKind.NotAVideo, error.Kind);
        Assert.Contains("Not a readable video", error.Message);
    }

    [Fact]
    public async Task Audio_only_files_have_no_video_stream()
    {
        var path = Path.Combine(_dir, "tone.m4a");
        await RunFfmpegAsync("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", path);

        var error = await Assert.ThrowsAsync<VideoHashException>(() => new VideoHasher().HashFileAsync(path));

        Assert.Equal(VideoErrorKind.NotAVideo, error.Kind);
        Assert.Contains("no video stream", error.Message);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.8)]
    public async Task Truncated_videos_get_a_clear_error(double fraction)
    {
        var bytes = await File.ReadAllBytesAsync(VpdqVectorTests.VideoPath("chair-19-sd-bar"));
        var path = Write("cut.mp4", bytes[..(int)(bytes.Length * fraction)]);

        var error = await Assert.ThrowsAsync<VideoHashException>(() => new VideoHasher().HashFileAsync(path));

        Assert.Contains(error.Kind, new[] { VideoErrorKind.NotAVideo, VideoErrorKind.Corrupt });
        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public async Task A_video_whose_data_is_overwritten_still_fails_cleanly_or_decodes()
    {
        var bytes = await File.ReadAllBytesAsync(VpdqVectorTests.VideoPath("pattern-sd-grey-bar"));
        new Random(4).NextBytes(bytes.AsSpan(bytes.Length / 3, bytes.Length / 3));
        var path = Write("garbled.mp4", bytes);

        try
        {
            var hashes = await new VideoHasher().HashFileAsync(path);
            Assert.NotEmpty(hashes.Features);
        }
        catch (VideoHashException e)
        {
            Assert.NotEmpty(e.Message);
        }
    }

    [Fact]
    public async Task Frames_over_the_pixel_limit_are_refused_before_decoding()
    {
        var hasher = new VideoHasher(new VideoOptions { MaxFramePixels = 100_000 });
        var path = Write("large.mp4", await File.ReadAllBytesAsync(VpdqVectorTests.VideoPath("chair-19-sd-bar")));

        var error = await Assert.ThrowsAsync<VideoHashException>(() => hasher.HashFileAsync(path));

        Assert.Equal(VideoErrorKind.TooLarge, error.Kind);
        Assert.Contains("480×720", error.Message);
        Assert.Empty(ProcessesReading(path)); // ffmpeg, started while the header was read, is stopped
    }

    [Fact]
    public async Task Frames_that_need_more_than_the_whole_decode_budget_are_refused_before_decoding()
    {
        var budget = new DecodeBudget(VideoHasher.MemoryNeeded(480, 720) - 1, TimeSpan.FromSeconds(10));
        var path = Write("budget.mp4", await File.ReadAllBytesAsync(VpdqVectorTests.VideoPath("chair-19-sd-bar")));

        var error = await Assert.ThrowsAsync<DecodeBudgetException>(() => new VideoHasher(budget: budget).HashFileAsync(path));

        Assert.True(error.TooLarge);
        Assert.Empty(ProcessesReading(path));
    }

    [Fact]
    public async Task A_video_waits_for_its_frames_share_of_the_decode_budget_and_gives_it_back()
    {
        var needed = VideoHasher.MemoryNeeded(480, 720);
        var budget = new DecodeBudget(needed, TimeSpan.FromSeconds(10), new ManualTimeProvider());
        var held = await budget.ReserveAsync(needed);

        var hashing = new VideoHasher(budget: budget).HashFileAsync(VpdqVectorTests.VideoPath("chair-19-sd-bar"));
        await Waits.UntilAsync(() => budget.Waiting == 1 || hashing.IsCompleted, "the video to wait for its share of the budget");
        Assert.False(hashing.IsCompleted);
        held.Dispose();

        Assert.NotEmpty((await hashing).Features);
        Assert.Equal(needed, budget.AvailableBytes);
    }

    [Fact]
    public async Task Videos_over_the_duration_limit_are_refused()
    {
        var hasher = new VideoHasher(new VideoOptions { MaxDuration = TimeSpan.FromSeconds(5) });

        var error = await Assert.ThrowsAsync<VideoHashException>(() => hasher.HashFileAsync(VpdqVectorTests.VideoPath("chair-19-sd-bar")));

        Assert.Equal(VideoErrorKind.TooLong, error.Kind);
    }

    [Fact]
    public async Task An_ffmpeg_that_takes_too_long_is_killed_and_leaves_no_process()
    {
        var hasher = new VideoHasher(new VideoOptions { SecondsPerHash = 0, Timeout = TimeSpan.FromMilliseconds(300) });
        var path = Write("slow.mp4", await File.ReadAllBytesAsync(VpdqVectorTests.VideoPath("doorknob-hd-no-bar")));

        var error = await Assert.ThrowsAsync<VideoHashException>(() => hasher.HashFileAsync(path));

        Assert.Equal(VideoErrorKind.Timeout, error.Kind);
        Assert.Empty(ProcessesReading(path));
    }

    [Fact]
    public async Task A_missing_ffmpeg_says_how_to_install_it()
    {
        var hasher = new VideoHasher(new VideoOptions { Ffmpeg = "/nonexistent/ffmpeg", Ffprobe = "/nonexistent/ffprobe" });

        var error = await Assert.ThrowsAsync<VideoHashException>(() => hasher.HashFileAsync(VpdqVectorTests.VideoPath("chair-19-sd-bar")));

        Assert.Equal(VideoErrorKind.FfmpegMissing, error.Kind);
        Assert.Contains("apt-get install ffmpeg", error.Message);
    }

    /// <summary>Processes whose command line names <paramref name="path"/> (this test's own file, so other tests' ffmpegs do not count).</summary>
    private static List<int> ProcessesReading(string path) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => int.TryParse(name, out _)).Where(pid =>
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(path);
            }
            catch (IOException)
            {
                return false; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }).Select(pid => int.Parse(pid!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task RunFfmpegAsync(params string[] args)
    {
        var ffmpeg = await ChildProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", .. args]);
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.Error);
    }
}
