using Aegis.Hashing.Video;

namespace Aegis.Hashing.Tests.Video;

/// <summary>
/// ffmpeg takes its filter graph on stdin where it can (so it starts while ffprobe reads the
/// header) and on its command line otherwise; both paths hash the same frames.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class FfmpegFilterInputTests
{
    [Theory]
    [InlineData("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers", 5)]
    [InlineData("ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021", 4)]
    [InlineData("ffmpeg version n7.1 Copyright (c) 2000-2024", 7)]
    [InlineData("ffmpeg version 8.0.1 Copyright (c) 2000-2025", 8)]
    [InlineData("ffmpeg version 9.0.1 Copyright (c) 2000-2026", 9)]
    [InlineData("ffmpeg version N-125551-g1234abcd Copyright (c) 2000-2026", null)]
    [InlineData("ffmpeg version 2024-10-03-git-abcdef-full_build", null)]
    [InlineData("not ffmpeg at all", null)]
    public void The_major_version_is_read_from_the_version_line(string line, int? major) =>
        Assert.Equal(major, FfmpegFilterInput.MajorVersion(line));

    [Theory]
    [InlineData("ffmpeg version 5.1.9-0+deb12u1", true)]
    [InlineData("ffmpeg version 8.0.1", true)]
    [InlineData("ffmpeg version 9.0.1", false)]
    [InlineData("ffmpeg version N-125551-g1234abcd", false)]
    public void Filter_scripts_are_used_up_to_ffmpeg_8(string line, bool expected) =>
        Assert.Equal(expected, FfmpegFilterInput.HasFilterScript(line));

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public async Task The_graph_on_stdin_and_on_the_command_line_hash_the_same_frames(double secondsPerHash)
    {
        // A second name for the same ffmpeg, so the other path can be taken without touching the default's.
        var ffmpeg = Path.Combine(Path.GetDirectoryName(Which("ffmpeg"))!, ".", "ffmpeg");
        FfmpegFilterInput.Assume(ffmpeg, readsScriptFromStdin: false);
        var video = VpdqVectorTests.VideoPath("pattern-sd-grey-bar");

        var onStdin = await new VideoHasher(new VideoOptions { SecondsPerHash = secondsPerHash }).HashFileAsync(video);
        var onCommandLine = await new VideoHasher(new VideoOptions { SecondsPerHash = secondsPerHash, Ffmpeg = ffmpeg }).HashFileAsync(video);

        Assert.NotEmpty(onStdin.Features);
        Assert.Equal(onCommandLine.Features, onStdin.Features);
    }

    private static string Which(string name) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(dir => Path.Combine(dir, name)).First(File.Exists);
}
