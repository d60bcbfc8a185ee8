using System.Diagnostics;
using System.Globalization;
using Aegis.Hashing.Video;
using Aegis.Matching.Video;
using Xunit.Abstractions;

namespace Aegis.Matching.Tests.Video;

/// <summary>
/// The whole video path on benign clips edited with the real ffmpeg at test time: known videos are
/// banked densely (every frame, folded as <c>aegis bank add</c> does), uploads are hashed at one frame a second, as
/// a gate would.
/// A = the reference's chair clip (18.8 s); B = a 20 s synthetic Mandelbrot zoom.
/// </summary>
public sealed class VideoMatchingEndToEndTests(ITestOutputHelper output, VideoMatchingEndToEndTests.Clips fixture) : IClassFixture<VideoMatchingEndToEndTests.Clips>
{
    private const int A = 1;
    private const int B = 2;

    [Theory]
    [InlineData("re-encoded at a low bitrate")]
    [InlineData("resized to 50%")]
    [InlineData("with a translucent text overlay")]
    [InlineData("a 5 s clip cut at 3.4 s")]
    public async Task Edited_copies_of_a_known_video_match_it(string edit)
    {
        var result = await Fixture.MatchAsync(edit);

        var match = Assert.Single(result);
        Assert.Equal(A, match.VideoKey);
        Assert.NotEqual(VideoMatchRule.Segment, match.Rule);
        output.WriteLine($"{edit}: {match.Rule}, query {match.QueryPercent:F0}%, candidate {match.CandidatePercent:F0}%, coverage {match.CoveragePercent:F0}%");
    }

    [Fact]
    public async Task A_different_video_does_not_match()
    {
        var result = await Fixture.MatchAsync("another video");

        Assert.Empty(result);
    }

    [Fact]
    public async Task Six_seconds_of_A_then_six_of_B_is_held_for_review_against_both()
    {
        var result = await Fixture.MatchAsync("6 s of A then 6 s of B");

        Assert.Equal([A, B], result.Select(m => m.VideoKey));
        Assert.All(result, m => Assert.Equal(VideoMatchRule.Segment, m.Rule));
        foreach (var m in result)
        {
            output.WriteLine($"segment against {m.VideoKey}: query {m.QueryPercent:F0}%, candidate {m.CandidatePercent:F0}%, coverage {m.CoveragePercent:F0}%, {m.MatchedQueryFrames} frames");
        }
    }

    [Fact]
    public async Task All_of_A_inside_a_compilation_is_found_by_containment()
    {
        // 6 s of B, the whole of A, 6 s more of B: most of the upload is not A, but all of A is in it.
        var result = await Fixture.MatchAsync("A inside a compilation");

        var a = Assert.Single(result, m => m.VideoKey == A);
        Assert.Equal(VideoMatchRule.Containment, a.Rule);
        Assert.True(a.QueryPercent < 80, $"query {a.QueryPercent}%");
        foreach (var m in result)
        {
            output.WriteLine($"compilation against {m.VideoKey}: {m.Rule}, query {m.QueryPercent:F0}%, candidate {m.CandidatePercent:F0}%, coverage {m.CoveragePercent:F0}%");
        }
    }

    [Theory]
    [InlineData("cropped 2%")]
    [InlineData("cropped 5%")]
    [InlineData("cropped 10%")]
    [InlineData("mirrored")]
    public async Task Crops_and_mirror_images_are_measured_not_asserted(string edit)
    {
        // Plain PDQ is not crop- or flip-invariant: these figures are reported, not required.
        var query = await Fixture.HashUploadAsync(edit);
        var comparison = VpdqComparer.Compare(query, Fixture.Known[A]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{edit}: {comparison.MatchedQueryFrames} of {comparison.QueryFrames} query frames matched; query {comparison.QueryPercent:F0}%, candidate {comparison.CandidatePercent:F0}%, coverage {comparison.CoveragePercent:F0}%"));
        Assert.True(comparison.QueryFrames > 0);
    }

    private Clips Fixture => fixture;

    public sealed class Clips : IAsyncLifetime
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("aegis-clips-").FullName;
        private readonly VideoHasher _dense = new(new VideoOptions { SecondsPerHash = 0 });
        private readonly VideoHasher _upload = new(new VideoOptions { SecondsPerHash = 1 });

        public Dictionary<int, IReadOnlyList<VpdqFeature>> Known { get; } = [];

        public VideoIndex Index { get; } = new();

        private string SourceA => Path.Combine(AppContext.BaseDirectory, "data", "video", "chair-19-sd-bar.mp4");

        private string SourceB => Path.Combine(_dir, "b.mp4");

        public async Task InitializeAsync()
        {
            await FfmpegAsync("-f", "lavfi", "-i", "mandelbrot=size=480x720:rate=30", "-t", "20", "-pix_fmt", "yuv420p", SourceB);
            Known[A] = VpdqFolder.Fold((await _dense.HashFileAsync(SourceA)).Features);
            Known[B] = VpdqFolder.Fold((await _dense.HashFileAsync(SourceB)).Features);
            Index.Add(A, Known[A]);
            Index.Add(B, Known[B]);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_dir, recursive: true);
            return Task.CompletedTask;
        }

        public async Task<IReadOnlyList<VideoMatch>> MatchAsync(string edit) => Index.Match(await HashUploadAsync(edit));

        public async Task<IReadOnlyList<VpdqFeature>> HashUploadAsync(string edit)
        {
            var path = Path.Combine(_dir, $"{edit.Replace(' ', '-').Replace('%', 'p')}.mp4");
            if (!File.Exists(path))
            {
                await MakeAsync(edit, path);
            }

            return (await _upload.HashFileAsync(path)).Features;
        }

        private async Task MakeAsync(string edit, string path)
        {
            switch (edit)
            {
                case "re-encoded at a low bitrate":
                    await FfmpegAsync("-i", SourceA, "-c:v", "libx264", "-b:v", "150k", path);
                    break;
                case "resized to 50%":
                    await FfmpegAsync("-i", SourceA, "-vf", "scale=iw/2:ih/2", path);
                    break;
                case "with a translucent text overlay":
                    await FfmpegAsync("-i", SourceA, "-vf", "drawtext=text='stand-in upload':fontsize=40:fontcolor=white@0.5:x=20:y=h/3", path);
                    break;
                case "a 5 s clip cut at 3.4 s":
                    await FfmpegAsync("-ss", "3.4", "-i", SourceA, "-t", "5", path);
                    break;
                case "another video":
                    await FfmpegAsync("-i", Path.Combine(AppContext.BaseDirectory, "data", "video", "doorknob-hd-no-bar.mp4"), path);
                    break;
                case "6 s of A then 6 s of B":
                    await FfmpegAsync("-ss", "2", "-t", "6", "-i", SourceA, "-ss", "5", "-t", "6", "-i", SourceB,
                        "-filter_complex", "[0:v]scale=480:720,setsar=1[a];[1:v]scale=480:720,setsar=1[b];[a][b]concat=n=2:v=1:a=0[v]", "-map", "[v]", path);
                    break;
                case "A inside a compilation":
                    await FfmpegAsync("-t", "6", "-i", SourceB, "-i", SourceA, "-ss", "10", "-t", "6", "-i", SourceB,
                        "-filter_complex", "[0:v]scale=480:720,setsar=1[b1];[1:v]scale=480:720,setsar=1[a];[2:v]scale=480:720,setsar=1[b2];[b1][a][b2]concat=n=3:v=1:a=0[v]", "-map", "[v]", path);
                    break;
                case "cropped 2%":
                case "cropped 5%":
                case "cropped 10%":
                    var keep = 1 - (int.Parse(edit.Split(' ')[1].TrimEnd('%'), CultureInfo.InvariantCulture) / 100.0);
                    await FfmpegAsync("-i", SourceA, "-vf", string.Create(CultureInfo.InvariantCulture, $"crop=iw*{keep}:ih*{keep}"), path);
                    break;
                case "mirrored":
                    await FfmpegAsync("-i", SourceA, "-vf", "hflip", path);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(edit), edit, null);
            }
        }

        private static async Task FfmpegAsync(params string[] args)
        {
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
            // The last argument is the output file; "-an" (no audio) goes just before it.
            foreach (var a in (string[])["-nostdin", "-v", "error", "-y", .. args[..^1], "-an", args[^1]])
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', args)}: {error}");
        }
    }
}
